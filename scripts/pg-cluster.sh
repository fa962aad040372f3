#!/usr/bin/env bash
# pg-cluster.sh: a throw-away PostgreSQL 15 cluster for tests (issue 13).
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR/data and start it; prints one line, the
#                                     libpq connection string (host = the socket directory DIR)
#   scripts/pg-cluster.sh stop DIR    stop it (fast) and remove DIR
#
# PG_MAX_CONNECTIONS (default 50) sets max_connections (the suite on PostgreSQL needs more).
# The cluster listens on a Unix socket in DIR only (no TCP), DIR is mode 0700 and owned by the
# server's user, so only that user and root can connect; local connections are trusted inside
# it. It is for tests on one machine, never for data. As root the server runs as the `postgres`
# user (PostgreSQL refuses to run as root; the Debian package creates that user). The binaries
# come from Debian's postgresql-15 (scripts/deps.sh).
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
if [ ! -x "$BIN/postgres" ]; then
  echo "pg-cluster: $BIN/postgres is missing (scripts/deps.sh installs postgresql-15)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    # 0711: a server that dropped to another user (serve --user) still reaches the socket here;
    # the data directory below stays 0700 (initdb)
    chmod 0711 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      --lc-collate=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A port number is still needed for the socket's name; nothing listens on TCP.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -k $dir -p $port -c fsync=on -c max_connections=${PG_MAX_CONNECTIONS:-50}" start \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir port=$port user=postgres dbname=postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
