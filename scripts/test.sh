#!/usr/bin/env bash
# Runs every test of the project: unit tests (ctest, with a throwaway PostgreSQL
# from scripts/with-postgres.sh), the rule base's lint and
# example cases, the bench rule's cases, the golden files of the language, the
# browser and HTTP tests of the web app, and each fuzz target over its corpus
# (a replay: scripts/fuzz.sh 0; `make fuzz` fuzzes for longer). Exits
# non-zero if any step fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-0}  # 0: replay the corpora only

# Compiled rule libraries (rules/compiled) go to the build tree, not ~/.cache.
export RECHTOP_JIT_CACHE="$PWD/$BUILD/jit-cache"

passed=0
failed=0
failed_steps=()
step() {
  local name=$1
  shift
  echo
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failed_steps+=("$name")
  fi
}

# Under a throwaway PostgreSQL 15 server: the sqldb tests run on it (RECHTOP_TEST_POSTGRES).
step "unit tests" scripts/with-postgres.sh ctest --test-dir "$BUILD" --output-on-failure -j 2
step "shared PostgreSQL (two serve processes on one database)" scripts/with-postgres.sh tests/db/shared_postgres.sh "$BUILD"
step "rule base lint" "./$BUILD/rechtop" lint rights
step "rule base cases" "./$BUILD/rechtop" test rights
step "bench rule cases" "./$BUILD/rechtop" test bench/allowance
step "golden files" tools/golden.sh "$BUILD"
step "web tests (Chromium, axe-core, HTTP errors)" tests/web/run.sh "$BUILD"
step "CLI tests (bad input, output files, limits)" tests/cli/run.sh "$BUILD"
step "robustness (hostile requests, slow clients, limits, drain)" tests/robustness/run.sh "$BUILD"
step "fuzz targets (corpus replay)" scripts/fuzz.sh "$FUZZ_SECONDS"

echo
[ ${#failed_steps[@]} -eq 0 ] || echo "failed steps: ${failed_steps[*]}"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
