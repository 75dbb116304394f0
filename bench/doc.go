// Package bench compares wl with gopher-lua and tengo on the shared workloads of
// ../shared/perf-workloads and on its own (workloads/: structure members, class methods and
// JSON against gopher-lua), in one `go test -bench` run on one machine. It is a separate
// module so that the other interpreters never enter wl's own dependencies.
//
// Each workload is a benchmark with one sub-benchmark per engine (BenchmarkFib30/wl,
// BenchmarkFib30/gopher-lua, BenchmarkFib30/tengo), and each run checks the program's result:
// what wl printed with Trace, the global result of the Lua and Tengo programs. Start-up
// creates everything in each iteration; the other workloads create the interpreter, parse and
// compile once, then run b.N times. TestWorkloads runs each engine once per workload, so
// `go test ./...` checks the programs in a few seconds. BenchmarkRatio runs wl and gopher-lua
// in turn within each iteration of every everyday workload and reports their ratio.
// rounds.sh builds test binaries once and runs interleaved rounds of them (see its header).
// See BENCHMARKS.md at the repository root for the figures and how to reproduce them.
package bench
