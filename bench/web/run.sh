#!/usr/bin/env bash
# Load test of the web app with wrk, on loopback only: starts `rechtop serve`
# (2 worker threads, fresh database) on a free port and measures, 20 s each
# with 2 wrk threads and 64 connections:
#   POST /api/check (data/demo/household.json, via bench/web/check.lua)
#   GET  /api/search?q=leefloon
#   GET  /recht/leefloon
#   GET  /
# Prints wrk's report (requests/s, latency percentiles) and a summary table.
#
#   bench/web/run.sh [BUILD_DIR]        (default: build; use a release build)
# Environment: DURATION (20s), CONNECTIONS (64), WRK_THREADS (2), SERVER_THREADS (2).
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
SERVER=$BUILD/rechtop
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-2}

command -v wrk > /dev/null || { echo "bench/web/run.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$SERVER" ] || { echo "bench/web/run.sh: $SERVER is missing; build it first" >&2; exit 1; }

TMP=$(mktemp -d)
PID=
stop() {
  if [ -n "$PID" ] && kill -0 "$PID" 2> /dev/null; then
    kill -TERM "$PID" 2> /dev/null
    for _ in $(seq 50); do kill -0 "$PID" 2> /dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2> /dev/null && kill -KILL "$PID" 2> /dev/null
    wait "$PID" 2> /dev/null
  fi
  rm -rf "$TMP"
}
trap stop EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
"$SERVER" serve --address 127.0.0.1 --port "$PORT" --threads "$SERVER_THREADS" --db "$TMP/rechtop.db" \
  > "$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 150); do
  kill -0 "$PID" 2> /dev/null || break
  curl -fsS -m 2 "$BASE/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS -m 2 "$BASE/healthz" > /dev/null 2>&1 || { echo "the server did not start:" >&2; cat "$TMP/server.log" >&2; exit 1; }

# Each endpoint must answer 200 before it is measured.
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @data/demo/household.json "$BASE/api/check")
[ "$status" = 200 ] || { echo "POST /api/check answered $status" >&2; exit 1; }

echo "rechtop serve --threads $SERVER_THREADS on $BASE; wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
summary=()
measure() {
  local name=$1
  shift
  echo
  echo "== $name"
  local out
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$@" 2>&1)
  echo "$out"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<< "$out")
  summary+=("$(printf '%-28s %10s req/s   p50 %9s   p99 %9s   non-2xx %s' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}")")
}

RECHTOP_HOUSEHOLD=data/demo/household.json measure "POST /api/check" -s bench/web/check.lua "$BASE/api/check"
measure "GET /api/search?q=leefloon" "$BASE/api/search?q=leefloon"
measure "GET /recht/leefloon" "$BASE/recht/leefloon"
measure "GET /" "$BASE/"

echo
echo "== summary (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
