#!/usr/bin/env bash
# tools/golden.sh — runs the rule-language golden tests under tests/rules/.
#
# Usage: tools/golden.sh [--update] [BUILD_DIR]
#
#   tests/rules/<feature>/good/NAME.rop
#       actual output = `rechtop dump --stage ir NAME.rop`, then for every
#       household beside it (NAME.json, NAME.*.json, in sorted order)
#       `rechtop check H.json --rights NAME.rop --format json`.
#   tests/rules/<feature>/bad/NAME.rop
#       actual output = `rechtop lint NAME.rop` (its diagnostics).
#
# Each command's output is preceded by a "$ rechtop ..." line and followed by
# its exit code; stderr is added under "stderr:" when not empty. The result is
# compared with NAME.expected beside the .rop file; --update rewrites
# NAME.expected instead (review the change with `git diff`). Commands run from
# the repository root with relative paths, so expected files are stable.
# BUILD_DIR (default: build) holds the rechtop binary.
#
# Prints one line per failing file followed by a unified diff, and ends with
# "N passed, M failed". Exits 1 when a file failed, 2 on a usage error.
set -u

update=0
build_dir=""
for arg in "$@"; do
  case "$arg" in
    --update) update=1 ;;
    -h | --help)
      sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    -*)
      echo "golden.sh: unknown option '$arg' (usage: tools/golden.sh [--update] [BUILD_DIR])" >&2
      exit 2
      ;;
    *)
      if [ -n "$build_dir" ]; then
        echo "golden.sh: more than one BUILD_DIR given" >&2
        exit 2
      fi
      build_dir="$arg"
      ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "$build_dir" ]; then
  build_dir="$root/build"
elif [ "${build_dir#/}" = "$build_dir" ]; then
  build_dir="$(pwd)/$build_dir"  # relative to where the script was started
fi
rechtop="$build_dir/rechtop"
if [ ! -x "$rechtop" ]; then
  echo "golden.sh: $rechtop not found: build it with cmake --build $build_dir --target rechtop" >&2
  exit 2
fi

cd "$root" || exit 2
export LC_ALL=C
unset RECHTOP_RIGHTS

tmp="$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")" || exit 2
trap 'rm -rf "$tmp"' EXIT

# run ARGS...: appends "$ rechtop ARGS", stdout, stderr and the exit code to $tmp/actual.
run() {
  local code
  echo "\$ rechtop $*" >>"$tmp/actual"
  "$rechtop" "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
  cat "$tmp/out" >>"$tmp/actual"
  if [ -s "$tmp/err" ]; then
    echo "stderr:" >>"$tmp/actual"
    cat "$tmp/err" >>"$tmp/actual"
  fi
  echo "exit: $code" >>"$tmp/actual"
}

passed=0
failed=0

# fail FILE MESSAGE [DIFF-FILE]
fail() {
  failed=$((failed + 1))
  echo "FAIL $1: $2"
  if [ $# -ge 3 ]; then cat "$3"; fi
}

find tests/rules -path '*/good/*.rop' -o -path '*/bad/*.rop' | sort >"$tmp/cases"
while IFS= read -r rop; do
  dir="${rop%/*}"
  name="${rop##*/}"
  name="${name%.rop}"
  expected="$dir/$name.expected"
  : >"$tmp/actual"
  case "$dir" in
    */good)
      run dump --stage ir "$rop"
      for household in "$dir/$name.json" "$dir/$name".*.json; do
        [ -f "$household" ] || continue
        run check "$household" --rights "$rop" --format json
      done
      ;;
    */bad)
      run lint "$rop"
      ;;
  esac

  if [ "$update" -eq 1 ]; then
    if [ ! -f "$expected" ] || ! cmp -s "$tmp/actual" "$expected"; then
      cp "$tmp/actual" "$expected"
      echo "updated $expected"
    fi
    passed=$((passed + 1))
  elif [ ! -f "$expected" ]; then
    diff -u /dev/null "$tmp/actual" | sed "1s|.*|--- $expected (missing)|;2s|.*|+++ actual|" >"$tmp/diff"
    fail "$expected" "missing (run tools/golden.sh --update)" "$tmp/diff"
  elif diff -u "$expected" "$tmp/actual" >"$tmp/diff.raw"; then
    passed=$((passed + 1))
  else
    sed "1s|.*|--- $expected|;2s|.*|+++ actual|" "$tmp/diff.raw" >"$tmp/diff"
    fail "$expected" "output differs" "$tmp/diff"
  fi
done <"$tmp/cases"

# Leftovers: an .expected or household file whose .rop is gone.
find tests/rules \( -path '*/good/*' -o -path '*/bad/*' \) \( -name '*.expected' -o -name '*.json' \) | sort >"$tmp/others"
while IFS= read -r file; do
  dir="${file%/*}"
  base="${file##*/}"
  base="${base%.expected}"
  base="${base%.json}"
  base="${base%%.*}"
  if [ ! -f "$dir/$base.rop" ]; then
    fail "$file" "no $dir/$base.rop beside it"
  elif [ "${file%.json}" != "$file" ] && [ "${dir##*/}" = bad ]; then
    fail "$file" "households are only used by good/ cases"
  fi
done <"$tmp/others"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
