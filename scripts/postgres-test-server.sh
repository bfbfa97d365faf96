#!/usr/bin/env bash
# A throwaway PostgreSQL server for the SQL tests (test/warehouse/), on a loopback port, in a temp dir.
#
#   scripts/postgres-test-server.sh start   # installs Debian's postgresql if missing, starts, prints the URL
#   scripts/postgres-test-server.sh url     # prints the connection URL
#   scripts/postgres-test-server.sh stop    # stops the server and deletes its data
#
# Local use:  export FAIRAUDIT_PG_URL="$(scripts/postgres-test-server.sh start)"; npm test
# Without FAIRAUDIT_PG_URL the SQL tests run on PGlite only; this script is never run by a test.
# FAIRAUDIT_PG_DIR (default: $TMPDIR/fairaudit-pg) and FAIRAUDIT_PG_PORT (default 54329) move it.
# The cluster trusts local connections and runs with fsync off: test data only.
set -euo pipefail

DIR="${FAIRAUDIT_PG_DIR:-${TMPDIR:-/tmp}/fairaudit-pg}"
PORT="${FAIRAUDIT_PG_PORT:-54329}"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_server() {
  if [ -z "$(find_bin)" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "postgresql is not installed; run: sudo apt-get install -y postgresql" >&2
      exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
}

# PostgreSQL refuses to run as root: then the cluster belongs to the postgres system user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    install_server
    BIN="$(find_bin)"
    if [ -f "$DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      echo "$URL"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
      { cat "$DIR/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >&2 ||
      { cat "$DIR/server.log" >&2; exit 1; }
    echo "$URL"
    ;;
  stop)
    BIN="$(find_bin)"
    if [ -n "$BIN" ] && [ -d "$DIR/data" ]; then
      as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$DIR"
    ;;
  url)
    echo "$URL"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
