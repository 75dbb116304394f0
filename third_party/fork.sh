#!/usr/bin/env bash
# Keeps each fork in third_party/ equal to its upstream module version plus NAME.patch
# (NAME/PATCHES.md, which says what the patch does and why, is ours and left out).
#
#   third_party/fork.sh check       every fork is upstream + its patch, nothing more (CI runs it)
#   third_party/fork.sh diff NAME   rewrite NAME.patch from the difference upstream -> NAME/
#   third_party/fork.sh apply NAME  rebuild NAME/ as upstream + NAME.patch (after changing the
#                                   version below); stops if the patch no longer applies
#
# Upstream comes from the Go module proxy (`go mod download`), so the module cache's copy is
# verified against the Go checksum database like any dependency.
set -euo pipefail
cd "$(dirname "$0")"

# NAME MODULE VERSION: the one place that says which upstream each fork starts from.
forks=(
  "go-imap github.com/emersion/go-imap/v2 v2.0.0-beta.9"
  "go-smtp github.com/emersion/go-smtp v0.25.1"
  "go-udiff github.com/aymanbagabas/go-udiff v0.4.2"
  "participle github.com/alecthomas/participle/v2 v2.1.4"
)

die() { echo "fork.sh: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2> /dev/null; rm -rf -- "$tmp"' EXIT

# upstream NAME DIR: copies NAME's upstream module into DIR (writable, like the fork's files).
upstream() {
  local name=$1 dir=$2 f mod ver src
  for f in "${forks[@]}"; do
    read -r n mod ver <<< "$f"
    [[ $n == "$name" ]] && break
    mod=
  done
  [[ -n $mod ]] || die "unknown fork $name (known: ${forks[*]%% *})"
  # Outside any module, so that no go.mod or go.sum is touched.
  src=$(cd "$tmp" && go mod download -json "$mod@$ver" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p') || true
  [[ -n $src && -d $src ]] || die "cannot download $mod@$ver"
  cp -R "$src" "$dir"
  chmod -R u+w "$dir"
}

# rebuilt NAME DIR: upstream + NAME.patch in DIR.
rebuilt() {
  upstream "$1" "$2"
  git -C "$2" apply --whitespace=nowarn -p1 "$PWD/$1.patch" ||
    die "$1.patch does not apply to this upstream version: see third_party/$1/PATCHES.md"
}

case ${1:-} in
check)
  rc=0
  for f in "${forks[@]}"; do
    name=${f%% *}
    rebuilt "$name" "$tmp/$name"
    if ! diff -r -x PATCHES.md "$tmp/$name" "$name" > "$tmp/$name.diff"; then
      echo "fork.sh: third_party/$name is not upstream + $name.patch:" >&2
      head -n 40 "$tmp/$name.diff" >&2
      rc=1
    fi
  done
  exit "$rc"
  ;;
diff)
  name=${2:?usage: fork.sh diff NAME}
  [[ -d $name ]] || die "no fork $name"
  upstream "$name" "$tmp/a"
  cp -R "$name" "$tmp/b"
  rm -f "$tmp/b/PATCHES.md"
  (cd "$tmp" && git diff --no-index --no-prefix a b) > "$name.patch" || true
  echo "wrote third_party/$name.patch ($(grep -c '^diff ' "$name.patch") files)"
  ;;
apply)
  name=${2:?usage: fork.sh apply NAME}
  rebuilt "$name" "$tmp/$name"
  [[ ! -e $name/PATCHES.md ]] || cp "$name/PATCHES.md" "$tmp/$name/"
  rm -rf -- "$name"
  cp -R "$tmp/$name" "$name"
  echo "third_party/$name is upstream + $name.patch; now set the same version in go.mod's require"
  ;;
*)
  sed -n '2,11s/^# \{0,1\}//p' "${0##*/}" >&2
  exit 2
  ;;
esac
