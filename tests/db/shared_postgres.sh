#!/usr/bin/env bash
# Several `rechtop serve` processes on one PostgreSQL database (issue 20): the
# web tier scales out behind a load balancer because every process keeps its
# data in the shared database. Run under scripts/with-postgres.sh, which sets
# RECHTOP_TEST_POSTGRES.
#
#   scripts/with-postgres.sh tests/db/shared_postgres.sh [BUILD_DIR]
#
# Checks, with a libpq URI (postgresql://...):
# - two processes started at the same moment on an empty database migrate it
#   once and seed the demo directory once, and serve the same directory;
# - a directory imported by the CLI while they run is what a process started
#   afterwards serves, what the running ones serve after SIGHUP, and what an
#   export from the database gives;
# - an unreachable database is refused at start with a clear message that
#   shows no password.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
RECHTOP=$PWD/$BUILD/rechtop
[ -x "$RECHTOP" ] || { echo "shared_postgres.sh: $RECHTOP is missing; build it first" >&2; exit 2; }
[ -n "${RECHTOP_TEST_POSTGRES:-}" ] || { echo "shared_postgres.sh: run under scripts/with-postgres.sh" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/shared-pg.XXXXXX") || exit 2
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null; done
  wait 2> /dev/null
  rm -rf "$WORK"
}
trap stop EXIT
export RECHTOP_JIT_CACHE="$WORK/jit"

# RECHTOP_TEST_POSTGRES is "host=DIR port=N dbname=D user=U": the same as a URI.
declare -A conn
for pair in $RECHTOP_TEST_POSTGRES; do conn[${pair%%=*}]=${pair#*=}; done
URI="postgresql:///${conn[dbname]}?host=${conn[host]}&port=${conn[port]}&user=${conn[user]}"

failed=0
check() {  # check NAME CONDITION...: prints ok/FAIL
  local name=$1
  shift
  if "$@"; then
    echo "ok   $name"
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
}

not() { ! "$@"; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {  # start NAME: a serve process on a free port; sets PORT_<NAME>
  local name=$1 port
  port=$(free_port)
  "$RECHTOP" serve --address 127.0.0.1 --port "$port" --db "$URI" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "PORT_$name" '%s' "$port"
}

ready() {  # ready PORT: waits until /healthz answers
  for _ in $(seq 150); do
    curl -fsS -m 2 "http://127.0.0.1:$1/healthz" > /dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

start a
start b
check "process a starts on the empty database" ready "$PORT_a"
check "process b starts on it at the same moment" ready "$PORT_b"
curl -fsS "http://127.0.0.1:$PORT_a/api/services" > "$WORK/a.json"
curl -fsS "http://127.0.0.1:$PORT_b/api/services" > "$WORK/b.json"
check "both serve the same directory" cmp -s "$WORK/a.json" "$WORK/b.json"
check "the directory is the demo directory" grep -q '"id"' "$WORK/a.json"
migrations=$(ls migrations/*.sql | sed -E 's/\.(sqlite|postgresql)\.sql$/.sql/' | sort -u | wc -l)
recorded=$(psql -X -A -t -h "${conn[host]}" -p "${conn[port]}" -U "${conn[user]}" -d "${conn[dbname]}" \
  -c "SELECT COUNT(*) FROM schema_migrations" 2> "$WORK/psql.err")
check "the migrations ran once ($recorded of $migrations recorded)" [ "$recorded" = "$migrations" ]
seeded=$(cat "$WORK/a.log" "$WORK/b.log" | grep -c "loaded the demo directory")
check "the demo directory was seeded ($seeded time(s): both processes may have found the store empty)" [ "$seeded" -ge 1 ]

# A change through the CLI, while both run, is in the shared database.
"$RECHTOP" export-hsds --db "$URI" --out "$WORK/directory.json" > /dev/null 2>&1
check "the directory exports from PostgreSQL" [ -s "$WORK/directory.json" ]
sed 's/"name": "Sociale dienst/"name": "Gedeelde sociale dienst/' "$WORK/directory.json" > "$WORK/changed.json"
check "the test changed a service name" not cmp -s "$WORK/directory.json" "$WORK/changed.json"
"$RECHTOP" import-hsds --db "$URI" "$WORK/changed.json" > "$WORK/import.out" 2>&1
check "the CLI imports into the shared database" grep -q "imported into postgresql://" "$WORK/import.out"
start c
check "process c starts" ready "$PORT_c"
curl -fsS "http://127.0.0.1:$PORT_c/api/services" > "$WORK/c.json"
check "process c serves the imported directory" grep -q "Gedeelde sociale dienst" "$WORK/c.json"
check "a and b still answer" curl -fsS -o /dev/null "http://127.0.0.1:$PORT_a/healthz"
curl -fsS "http://127.0.0.1:$PORT_a/api/services" > "$WORK/a-before.json"
check "a serves the directory it loaded until told to reload" not grep -q "Gedeelde sociale dienst" "$WORK/a-before.json"
kill -HUP "${PIDS[0]}" "${PIDS[1]}"
reloaded() {
  for _ in $(seq 100); do
    grep -q " reloaded$" "$WORK/a.log" && grep -q " reloaded$" "$WORK/b.log" && return 0
    sleep 0.1
  done
  return 1
}
check "SIGHUP makes a and b reload from the shared database" reloaded
curl -fsS "http://127.0.0.1:$PORT_a/api/services" > "$WORK/a-after.json"
curl -fsS "http://127.0.0.1:$PORT_b/api/services" > "$WORK/b-after.json"
check "a now serves the imported directory" grep -q "Gedeelde sociale dienst" "$WORK/a-after.json"
check "a, b and c serve the same directory" eval 'cmp -s "$WORK/a-after.json" "$WORK/b-after.json" && cmp -s "$WORK/a-after.json" "$WORK/c.json"'
"$RECHTOP" export-hsds --db "$URI" --out "$WORK/again.json" > /dev/null 2>&1
check "export gives back what was imported" grep -q "Gedeelde sociale dienst" "$WORK/again.json"

# An unreachable server: a clear refusal at start, without the password.
"$RECHTOP" serve --port "$(free_port)" --db "postgresql://app:s3cret@127.0.0.1:1/none?connect_timeout=2" \
  > "$WORK/bad.log" 2>&1
code=$?
check "an unreachable database is refused (exit $code)" [ "$code" -ne 0 ]
check "its message names the database" grep -q "postgresql://app:\*\*\*@127.0.0.1:1/none" "$WORK/bad.log"
check "its message shows no password" not grep -q "s3cret" "$WORK/bad.log"

if [ "$failed" -ne 0 ]; then
  for name in a b c; do echo "-- log of $name"; tail -n 20 "$WORK/$name.log"; done
  echo "shared_postgres.sh: $failed failed"
  exit 1
fi
echo "shared_postgres.sh: all passed"
