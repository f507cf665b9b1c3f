#!/usr/bin/env bash
# Robustness tests of the web server (issue 17): a corpus of malformed and
# hostile requests, slowloris and non-reading clients, connection limits,
# timeouts, descriptor exhaustion and graceful shutdown, each against live
# `rechtop serve` processes on loopback that the test files start themselves
# (tests/robustness/server.mjs). Node built-ins only, no npm packages.
#
#   tests/robustness/run.sh [BUILD_DIR]        (default: build)
#
# Exits with the test runner's status.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
SERVER=$BUILD/rechtop
RUN_SECONDS=${RECHTOP_ROBUSTNESS_SECONDS:-240}

command -v node > /dev/null || { echo "run.sh: node is missing (apt-get install nodejs)" >&2; exit 1; }
[ -x "$SERVER" ] || { echo "run.sh: $SERVER is missing; build it first (cmake --build $BUILD --target rechtop)" >&2; exit 1; }

# The load test holds about 800 sockets at once; node's own descriptor limit
# is this shell's. Best effort: a hard limit below 4096 leaves it as it is.
ulimit -n 4096 2> /dev/null || true

RECHTOP_BIN=$(cd "$(dirname "$SERVER")" && pwd)/$(basename "$SERVER") \
  timeout --kill-after=10 "$RUN_SECONDS" \
  node --test --test-concurrency=1 tests/robustness/*.test.mjs
status=$?
[ "$status" -eq 124 ] && echo "run.sh: the robustness tests took longer than ${RUN_SECONDS}s" >&2
exit "$status"
