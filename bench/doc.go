// Package bench compares wl with gopher-lua and tengo on the shared workloads of
// ../shared/perf-workloads, in one `go test -bench` run on one machine. It is a separate
// module so that the other interpreters never enter wl's own dependencies.
package bench
