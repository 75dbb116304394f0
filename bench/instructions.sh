#!/bin/sh
# instructions.sh: instructions executed by one iteration of Go benchmarks, a measure that
# does not depend on the machine's load (valgrind's callgrind counts them).
#
#   bench/instructions.sh [-C DIR] BINARY BENCH...
#
# Runs the test binary BINARY (build it with CGO_ENABLED=0: valgrind handles static Go
# binaries best) once per BENCH regular expression, with -test.benchtime 1x, GOMAXPROCS=1 and
# asynchronous preemption off, in DIR (default: the current directory), and prints
# "BENCH INSTRUCTIONS" for each. The count includes the test binary's start and what the
# benchmark does before its timed loop. valgrind crashes now and then on Go binaries: a run
# that printed no benchmark line, or collected under 100 million instructions, is repeated
# (up to 4 times, then reported as FAILED).
#
# Example, fib before and after a change:
#   bench/rounds.sh build HEAD~1 ./interp /tmp/before.test   # with CGO_ENABLED=0 in the environment
#   bench/instructions.sh -C interp /tmp/before.test Fib30 '^BenchmarkCalls$'
set -eu
dir=.
if [ "${1:-}" = -C ]; then dir=$2; shift 2; fi
[ $# -ge 2 ] || { echo "usage: instructions.sh [-C DIR] BINARY BENCH..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 2; }
bin=$1; shift
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for bench in "$@"; do
	count=FAILED
	for try in 1 2 3 4; do
		(cd "$dir" && GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind \
			--callgrind-out-file="$tmp/out" "$bin" -test.run '^$' -test.bench "$bench" \
			-test.benchtime 1x) >"$tmp/log" 2>&1 || true
		grep -q '^Benchmark' "$tmp/log" || continue
		n=$(sed -n 's/.*Collected : *//p' "$tmp/log")
		[ -n "$n" ] && [ "$n" -gt 100000000 ] || continue
		count=$n
		break
	done
	echo "$bench $count"
done
