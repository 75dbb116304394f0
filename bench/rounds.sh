#!/bin/sh
# rounds.sh: reproducible benchmark figures on a shared, noisy machine.
#
#   bench/rounds.sh build REV PKG OUT
#       Builds the test binary of PKG (a package path of the main module, "./interp", or
#       "bench" for the bench/ module) at git revision REV (a commit, or "." for the work
#       tree as it is) into OUT, once. A revision is built from `git archive`, so no
#       uncommitted file enters it.
#
#   bench/rounds.sh run [-n ROUNDS] [-o OUTDIR] [-C DIR] NAME=COMMAND...
#       Runs ROUNDS rounds (default 10). Each round runs every COMMAND once, starting one
#       further along the list each round (round 1: a b c, round 2: b c a, ...), so that a
#       burst of outside load falls on every command alike rather than on one. COMMAND is a
#       shell command run in DIR (default: the current directory), normally a test binary
#       with -test.run '^$' -test.bench REGEX -test.count 1; its output is appended to
#       OUTDIR/NAME.txt (several commands may share a NAME). `uptime` is written to
#       OUTDIR/load.txt before and after every round. At the end benchstat (if installed)
#       compares the NAME files: benchstat OUTDIR/NAME1.txt OUTDIR/NAME2.txt ...
#
# Example, wl's read benchmarks before and after a change, 10 rounds:
#   bench/rounds.sh build HEAD~3 ./internal/emailbench /tmp/before.test
#   bench/rounds.sh build . ./internal/emailbench /tmp/after.test
#   bench/rounds.sh run -n 10 -o /tmp/read -C internal/emailbench \
#     before="/tmp/before.test -test.run '^\$' -test.bench ReadRatio -test.benchtime 2x -test.count 1" \
#     after="/tmp/after.test -test.run '^\$' -test.bench ReadRatio -test.benchtime 2x -test.count 1"
set -eu

die() { echo "rounds.sh: $*" >&2; exit 2; }

root=$(git rev-parse --show-toplevel 2>/dev/null) || die "run it inside the wl repository"

build() {
	[ $# -eq 3 ] || die "usage: rounds.sh build REV PKG OUT"
	rev=$1 pkg=$2 out=$3
	case $out in /*) ;; *) out=$(pwd)/$out ;; esac
	if [ "$rev" = . ]; then
		src=$root
	else
		src=$(mktemp -d)
		trap 'rm -rf "$src"' EXIT
		git -C "$root" archive "$rev" | tar -x -C "$src"
	fi
	if [ "$pkg" = bench ]; then
		(cd "$src/bench" && go test -c -o "$out" .)
	else
		(cd "$src" && go test -c -o "$out" "$pkg")
	fi
	if [ "$rev" = . ]; then
		what="the work tree at $(git -C "$root" rev-parse --short HEAD)"
		git -C "$root" diff --quiet HEAD || what="$what with uncommitted changes"
	else
		what=$(git -C "$root" rev-parse --short "$rev")
	fi
	echo "built $out: $pkg at $what"
}

run() {
	n=10 outdir=. dir=.
	while [ $# -gt 0 ]; do
		case $1 in
		-n) n=$2; shift 2 ;;
		-o) outdir=$2; shift 2 ;;
		-C) dir=$2; shift 2 ;;
		--) shift; break ;;
		-*) die "unknown flag $1" ;;
		*) break ;;
		esac
	done
	[ $# -gt 0 ] || die "usage: rounds.sh run [-n ROUNDS] [-o OUTDIR] [-C DIR] NAME=COMMAND..."
	case $n in '' | *[!0-9]*) die "-n wants a number of rounds, not $n" ;; esac
	mkdir -p "$outdir"
	outdir=$(cd "$outdir" && pwd)
	names=
	for spec in "$@"; do
		case $spec in *=*) ;; *) die "$spec is not NAME=COMMAND" ;; esac
		name=${spec%%=*}
		case " $names " in *" $name "*) ;; *) names="$names $name"; : >"$outdir/$name.txt" ;; esac
	done
	count=$#
	{ echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') $n rounds, $(nproc) cores, in $dir"; for spec in "$@"; do echo "#   $spec"; done; } >"$outdir/load.txt"
	r=0
	while [ "$r" -lt "$n" ]; do
		r=$((r + 1))
		echo "round $r before: $(uptime)" >>"$outdir/load.txt"
		k=0
		while [ "$k" -lt "$count" ]; do
			i=$(( (r - 1 + k) % count + 1 ))
			eval "spec=\${$i}"
			name=${spec%%=*} cmd=${spec#*=}
			(cd "$dir" && sh -c "$cmd") >>"$outdir/$name.txt" || die "round $r: $name failed"
			k=$((k + 1))
		done
		echo "round $r after:  $(uptime)" >>"$outdir/load.txt"
		echo "round $r of $n done" >&2
	done
	if command -v benchstat >/dev/null 2>&1; then
		files=
		for name in $names; do files="$files $outdir/$name.txt"; done
		# shellcheck disable=SC2086
		benchstat $files | tee "$outdir/benchstat.txt"
	else
		echo "benchstat is not installed: go install golang.org/x/perf/cmd/benchstat@latest" >&2
	fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
build) build "$@" ;;
run) run "$@" ;;
*) die "usage: rounds.sh build REV PKG OUT | rounds.sh run [-n ROUNDS] [-o OUTDIR] [-C DIR] NAME=COMMAND..." ;;
esac
