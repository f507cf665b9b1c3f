#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, build-fuzz/) and runs each over a copy
# of its corpus in fuzz/corpus/: SECONDS 0 replays the corpus once (what
# `make test` does on every commit); more fuzzes that long per target
# (`make fuzz`, 300 s by default). Crash inputs go to build-fuzz/artifacts/.
#
#   scripts/fuzz.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-0}
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DRECHTOP_FUZZ=ON -DRECHTOP_TESTS=OFF -DRECHTOP_BENCH=OFF > build-fuzz.configure.log 2>&1 ||
  { cat build-fuzz.configure.log; exit 1; }
cmake --build build-fuzz -j "$(nproc)" --target household_fuzz rules_fuzz population_fuzz http_fuzz || exit 1
status=0
for target in household_fuzz rules_fuzz population_fuzz http_fuzz; do
  corpus=$(mktemp -d)
  cp fuzz/corpus/"${target%_fuzz}"/* "$corpus"/ 2>/dev/null || true
  if [ "$SECONDS_EACH" -eq 0 ]; then
    echo "-- $target over its corpus"
    limit=(-runs=0)
  else
    echo "-- $target for ${SECONDS_EACH}s"
    limit=(-max_total_time="$SECONDS_EACH")
  fi
  # The fuzzer's own status decides: a grep in a pipeline (under pipefail)
  # used to hide crashes. Crash inputs go to build-fuzz/artifacts/.
  mkdir -p build-fuzz/artifacts
  rc=0
  ./build-fuzz/fuzz/"$target" "${limit[@]}" -print_final_stats=1 \
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
exit $status
