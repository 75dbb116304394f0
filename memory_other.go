//go:build !linux

package wl

// physicalMemory is unknown outside Linux: DefaultMaxMemory falls back to a fixed limit.
func physicalMemory() int64 { return 0 }
