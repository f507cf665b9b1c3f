#!/usr/bin/env bash
# Browser and HTTP tests of the web app: starts `rechtop serve` on a free
# loopback port with a fresh database, runs tests/web/*.test.mjs with node's
# test runner (playwright-core driving Debian's /usr/bin/chromium, axe-core),
# stops the server, and exits with the test runner's status.
#
#   tests/web/run.sh [BUILD_DIR]        (default: build)
#
# Needs node, npm and chromium (Debian packages); installs the npm packages
# from package-lock.json when node_modules is missing. Never downloads a browser.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
HERE=tests/web
SERVER=$BUILD/rechtop
RUN_SECONDS=${RECHTOP_WEB_TEST_SECONDS:-170}

for tool in node npm curl; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done
[ -x "${RECHTOP_CHROMIUM:-/usr/bin/chromium}" ] || { echo "run.sh: ${RECHTOP_CHROMIUM:-/usr/bin/chromium} is missing (apt-get install chromium)" >&2; exit 1; }
[ -x "$SERVER" ] || { echo "run.sh: $SERVER is missing; build it first (cmake --build $BUILD --target rechtop)" >&2; exit 1; }

if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -d "$HERE/node_modules/axe-core" ]; then
  echo "-- npm ci in $HERE"
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) || exit 1
fi

TMP=$(mktemp -d)
PID=
stop() {
  if [ -n "$PID" ] && kill -0 "$PID" 2> /dev/null; then
    kill -TERM "$PID" 2> /dev/null
    for _ in $(seq 50); do kill -0 "$PID" 2> /dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2> /dev/null && { echo "run.sh: the server ignored SIGTERM; killing it" >&2; kill -KILL "$PID" 2> /dev/null; }
    wait "$PID" 2> /dev/null
  fi
  rm -rf "$TMP"
}
trap stop EXIT
trap 'exit 130' INT TERM

# A free loopback port: the kernel picks one, we release it and use it.
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
BASE_URL="http://127.0.0.1:$PORT"
"$SERVER" serve --address 127.0.0.1 --port "$PORT" --db "$TMP/rechtop.db" > "$TMP/server.log" 2>&1 &
PID=$!

ready=
for _ in $(seq 150); do
  if ! kill -0 "$PID" 2> /dev/null; then break; fi
  if curl -fsS -m 2 "$BASE_URL/healthz" > /dev/null 2>&1; then ready=1; break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "run.sh: the server did not become ready on $BASE_URL; its log:" >&2
  cat "$TMP/server.log" >&2
  exit 1
fi
echo "-- server on $BASE_URL (pid $PID)"

RECHTOP_BASE_URL=$BASE_URL timeout --kill-after=10 "$RUN_SECONDS" \
  node --test --test-timeout=90000 "$HERE"/*.test.mjs
status=$?
[ "$status" -eq 124 ] && echo "run.sh: the tests took longer than ${RUN_SECONDS}s" >&2
if [ "$status" -ne 0 ]; then
  echo "-- server log (last 40 lines)"
  tail -n 40 "$TMP/server.log"
fi
exit "$status"
