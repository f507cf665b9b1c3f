#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL 15 server: usage scripts/with-postgres.sh CMD [ARGS...].
# The cluster lives in a temp dir, listens only on a unix socket there (no TCP),
# and is stopped and removed on any exit. CMD sees RECHTOP_TEST_POSTGRES, a
# libpq conninfo ("host=/tmp/rechtop-pg.XXXX port=N dbname=rechtop_test user=U").
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/initdb" ] || { echo "$0: $PG_BIN/initdb not found (apt-get install postgresql-15)" >&2; exit 1; }

# initdb and postgres refuse to run as root: then the server runs as the Debian
# package's `postgres` user; otherwise as the current user.
as_server=()
server_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  server_user=postgres
  as_server=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/rechtop-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown "$server_user" "$dir"
data="$dir/data"
log="$dir/server.log"

cleanup() {
  local status=$?
  if [ -f "$data/postmaster.pid" ]; then
    "${as_server[@]}" "$PG_BIN/pg_ctl" stop -D "$data" -m immediate -w > /dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# No TCP, so the port only names the socket file; still pick one nothing else uses.
port=$((20000 + RANDOM % 30000))
while [ -e "$dir/.s.PGSQL.$port" ] || ss -Hltn "sport = :$port" 2> /dev/null | grep -q .; do
  port=$((20000 + RANDOM % 30000))
done

"${as_server[@]}" "$PG_BIN/initdb" -D "$data" -U "$server_user" --auth=trust -E UTF8 --locale=C.UTF-8 \
  > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync and friends off: the cluster is thrown away, speed matters more than durability.
"${as_server[@]}" "$PG_BIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  > /dev/null || { cat "$log" >&2; exit 1; }
"$PG_BIN/createdb" -h "$dir" -p "$port" -U "$server_user" rechtop_test

export RECHTOP_TEST_POSTGRES="host=$dir port=$port dbname=rechtop_test user=$server_user"
echo "with-postgres: PostgreSQL 15 at $RECHTOP_TEST_POSTGRES" >&2
status=0
"$@" || status=$?
exit "$status"
