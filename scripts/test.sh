#!/usr/bin/env bash
# Runs every test of the project: unit tests (ctest, with a throwaway PostgreSQL
# from scripts/with-postgres.sh), the rule base's lint and
# example cases, the bench rule's cases, the golden files of the language, the
# browser and HTTP tests of the web app, and each fuzz target briefly. Exits
# non-zero if any step fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}

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

fuzz() {
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DRECHTOP_FUZZ=ON -DRECHTOP_TESTS=OFF -DRECHTOP_BENCH=OFF > build-fuzz.configure.log 2>&1 ||
    { cat build-fuzz.configure.log; return 1; }
  cmake --build build-fuzz -j "$(nproc)" --target household_fuzz rules_fuzz population_fuzz http_fuzz || return 1
  local status=0
  for target in household_fuzz rules_fuzz population_fuzz http_fuzz; do
    local corpus
    corpus=$(mktemp -d)
    cp fuzz/corpus/"${target%_fuzz}"/* "$corpus"/ 2>/dev/null || true
    echo "-- $target for ${FUZZ_SECONDS}s"
    # The fuzzer's own status decides: a grep in a pipeline (under pipefail)
    # used to hide crashes. Crash inputs go to build-fuzz/artifacts/.
    mkdir -p build-fuzz/artifacts
    local rc=0
    ./build-fuzz/fuzz/"$target" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
      -artifact_prefix=build-fuzz/artifacts/"$target"- "$corpus" > build-fuzz/"$target".log 2>&1 || rc=$?
    grep -E "^(stat::number_of_executed_units|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)" \
      build-fuzz/"$target".log || true
    if [ "$rc" -ne 0 ]; then
      echo "-- $target failed (exit $rc); the end of its log:"
      tail -n 40 build-fuzz/"$target".log
      status=1
    fi
    rm -rf "$corpus"
  done
  return $status
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
step "fuzz targets" fuzz

echo
[ ${#failed_steps[@]} -eq 0 ] || echo "failed steps: ${failed_steps[*]}"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
