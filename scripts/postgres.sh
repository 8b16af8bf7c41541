#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for eventwire's tests; prints the URL to use:
#
#   export EVENTWIRE_TEST_PG="$(scripts/postgres.sh)"     # start (or reuse) it
#   scripts/postgres.sh stop                              # stop it
#
# Installs Debian's postgresql package when no server binaries are found (needs root and apt).
# The cluster lives in $EVENTWIRE_PG_DIR (default: $TMPDIR/eventwire-pg) and listens on
# 127.0.0.1:$EVENTWIRE_PG_PORT (default 54329) only; it is owned by a non-root user (the
# package's "postgres" user when run as root, else the caller). Idempotent: a second call finds
# the running server and prints the same URL. Messages go to stderr, only the URL to stdout.
set -euo pipefail

PGDIR="${EVENTWIRE_PG_DIR:-${TMPDIR:-/tmp}/eventwire-pg}"
PORT="${EVENTWIRE_PG_PORT:-54329}"
DBUSER=eventwire
DBNAME=eventwire_test
DATA="$PGDIR/data"

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return 0; fi
    return 1
}

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "no PostgreSQL server found; install it (apt-get install postgresql) or run as root"
        exit 1
    fi
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    BIN=$(find_bin) || { say "postgresql installed but pg_ctl not found"; exit 1; }
fi

# Run the server as a non-root user: PostgreSQL refuses to run as root.
if [ "$(id -u)" -eq 0 ]; then
    RUNAS=postgres
    id "$RUNAS" >/dev/null 2>&1 || useradd --system --home-dir "$PGDIR" --shell /bin/false "$RUNAS"
    as_user() { runuser -u "$RUNAS" -- "$@"; }
else
    RUNAS=$(id -un)
    as_user() { "$@"; }
fi

url() { echo "postgresql://$DBUSER@127.0.0.1:$PORT/$DBNAME"; }

if [ "${1:-start}" = "stop" ]; then
    if [ -f "$DATA/PG_VERSION" ]; then
        as_user "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
    fi
    exit 0
fi

mkdir -p "$PGDIR"
[ "$(id -u)" -eq 0 ] && chown "$RUNAS" "$PGDIR"
chmod 700 "$PGDIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
    say "creating a cluster in $DATA"
    as_user "$BIN/initdb" -D "$DATA" -U "$DBUSER" --auth=trust -E UTF8 --locale=C >/dev/null
fi

if ! as_user "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    say "starting the server on 127.0.0.1:$PORT"
    as_user "$BIN/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off" start >/dev/null \
        || { say "the server did not start; see $PGDIR/server.log"; tail -n 20 "$PGDIR/server.log" >&2; exit 1; }
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$DBUSER" -X -q -tA)
for _ in $(seq 1 30); do
    "${PSQL[@]}" -d postgres -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.5
done
if [ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'")" != "1" ]; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DBNAME" >&2
fi
url
