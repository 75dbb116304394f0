package wl

// DefaultMaxMemory is the memory limit of a run whose RunOptions.MaxMemory is zero, and of
// `wl run` without --max-memory: half of the machine's physical memory (on Linux, of the
// memory the process's control group may use, when that is less), or 2 GiB where wl cannot
// tell.
func DefaultMaxMemory() int64 {
	if n := physicalMemory(); n > 0 {
		return n / 2
	}
	return 2 << 30
}
