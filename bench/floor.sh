#!/bin/sh
# floor.sh: the start-up time a process pays before wl's own work, for the targets of
# issue 15 (`wl run hello.wl` against a gopher-lua command).
#
#   bench/floor.sh [-n ROUNDS] GLUA HELLO_DIR
#
# Builds, statically (CGO_ENABLED=0) and from the work tree, four programs, each copied
# with cat like the others (how a binary's file entered the page cache changes its start by
# milliseconds; see BENCHMARKS.md, "a measurement trap"):
#   empty  a Go program that writes one line: the runtime's own start;
#   deps   one that imports, for their init only, every package outside wl that cmd/wl
#          links (go list -deps), and does nothing: what linking them costs at each start;
#   libs   deps plus wl's library packages (the interpreter, builtins, mailrt, the sandbox...);
#   wl     cmd/wl itself, run as `wl version` and as `wl run hello.wl`.
# Then times them whole with bench/proctime, all in turn in every round (default 40 rounds),
# beside GLUA HELLO_DIR/hello.lua (GLUA: a gopher-lua command built from
# ../shared/perf-workloads/glua), in HELLO_DIR, which must hold hello.wl and hello.lua.
# With perf installed, it also prints each one's page faults (perf stat, 20 runs).
set -eu

die() { echo "floor.sh: $*" >&2; exit 2; }

n=40
if [ "${1:-}" = -n ]; then n=$2; shift 2; fi
[ $# -eq 2 ] || die "usage: floor.sh [-n ROUNDS] GLUA HELLO_DIR"
glua=$1 hello=$2
[ -x "$glua" ] || die "$glua: not an executable"
[ -f "$hello/hello.wl" ] && [ -f "$hello/hello.lua" ] || die "$hello: needs hello.wl and hello.lua"
root=$(git rev-parse --show-toplevel 2>/dev/null) || die "run it inside the wl repository"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
src=$out/src
mkdir -p "$src/empty" "$src/deps" "$src/libs"

# A temporary package inside the module, so that the blank imports resolve to the same
# versions and forks as cmd/wl's.
tmpcmd=$root/cmd/.floor-$$
trap 'rm -rf "$out" "$tmpcmd"' EXIT
mkdir -p "$tmpcmd/deps" "$tmpcmd/libs"

cat >"$src/empty/main.go" <<'EOF'
package main

import "os"

func main() { os.Stdout.WriteString("hi\n") }
EOF
printf 'module floorempty\n\ngo 1.21\n' >"$src/empty/go.mod"

# std and third-party packages of cmd/wl (internal and vendored ones cannot be imported,
# and are initialised through the ones that import them).
all=$(cd "$root" && go list -deps ./cmd/wl)
ext=$(echo "$all" | grep -v '^github.com/wl-lang/wl' | grep -v '/internal/\|^internal/\|^vendor/\|/internal$' \
	| grep -vx 'unsafe\|runtime/cgo\|C\|main')
libs=$(echo "$all" | grep '^github.com/wl-lang/wl' | grep -v '/internal/\|^github.com/wl-lang/wl/cmd/')
imports() { for p in "$@"; do printf '\t_ "%s"\n' "$p"; done; }
{ echo 'package main'; echo 'import ('; imports $ext; echo ')'; echo 'func main() {}'; } >"$tmpcmd/deps/main.go"
{ echo 'package main'; echo 'import ('; imports $ext $libs; echo ')'; echo 'func main() {}'; } >"$tmpcmd/libs/main.go"

build() { # build DIR PKG NAME
	(cd "$1" && CGO_ENABLED=0 go build -o "$out/$3.linked" "$2")
	cat "$out/$3.linked" >"$out/$3"
	chmod +x "$out/$3"
}
build "$src/empty" . empty
build "$root" "./cmd/$(basename "$tmpcmd")/deps" deps
build "$root" "./cmd/$(basename "$tmpcmd")/libs" libs
build "$root" ./cmd/wl wl
rm -rf "$tmpcmd"
cat "$glua" >"$out/glua"
chmod +x "$out/glua"
echo "floor.sh: $(echo "$ext" | wc -w) packages outside wl, $(echo "$libs" | wc -w) of wl's; wl at $(git -C "$root" rev-parse --short HEAD)"
ls -l "$out/empty" "$out/deps" "$out/libs" "$out/wl" "$out/glua" | awk '{print "  " $5 " bytes " $NF}'
uptime

cd "$hello"
(cd "$root/bench" && go build -o "$out/proctime" ./proctime)
"$out/proctime" -rounds "$n" "empty=$out/empty" "deps=$out/deps" "libs=$out/libs" \
	"wl-version=$out/wl version" "wl-run=$out/wl run hello.wl" "glua=$out/glua hello.lua" | grep '^#'
uptime
if command -v perf >/dev/null; then
	for c in "$out/empty" "$out/deps" "$out/libs" "$out/wl version" "$out/wl run hello.wl" "$out/glua hello.lua"; do
		f=$(perf stat -x, -r 20 -e page-faults $c 2>&1 >/dev/null | awk -F, '/page-faults/{print $1}')
		echo "page faults $f  ${c#$out/}"
	done
fi
