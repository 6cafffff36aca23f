#!/usr/bin/env bash
# A real PostgreSQL server for tests, when POSTGRES_URL is not set: Debian's server binaries
# (package `postgresql`; .ci/run installs it), a throwaway cluster initialised on first start,
# trust authentication on 127.0.0.1 only, durability off (fsync=off: test data only).
#
#   scripts/postgres.sh start|stop|status|wipe
#
# The last line `start` prints is `POSTGRES_URL=postgres://postgres@127.0.0.1:<port>/postgres`.
# Env: POSTGRES_PORT (15432), POSTGRES_DATA_ROOT (the cluster lives in <root>/<port>;
#      default $TMPDIR/linchpin-postgres), POSTGRES_BIN (the server's bin directory; found by
#      pg_config --bindir, /usr/lib/postgresql/*/bin or the PATH), POSTGRES_START_TIMEOUT (s, 60).
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user (the
# Debian package creates it) and the server runs as that user.
set -euo pipefail

PORT="${POSTGRES_PORT:-15432}"
DATA_ROOT="${POSTGRES_DATA_ROOT:-${TMPDIR:-/tmp}/linchpin-postgres}"
DIR="$DATA_ROOT/$PORT"
DATA="$DIR/data"
LOG="$DIR/server.log"
START_TIMEOUT="${POSTGRES_START_TIMEOUT:-60}"
URL="postgres://postgres@127.0.0.1:$PORT/postgres"

log() { echo "postgres.sh[$PORT]: $*" >&2; }
die() { log "$*"; exit 1; }

bin_dir() {
  if [[ -n "${POSTGRES_BIN:-}" ]]; then echo "$POSTGRES_BIN"; return; fi
  local dir
  if command -v pg_config >/dev/null && dir="$(pg_config --bindir 2>/dev/null)" && [[ -x "$dir/initdb" ]]; then
    echo "$dir"
    return
  fi
  # The newest installed major version.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
  done
  dir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
  die "no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql, set POSTGRES_BIN, or set POSTGRES_URL"
}

# As root, everything the server touches runs as (and belongs to) the postgres user.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' user to run the server as"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [[ -f "$DATA/postmaster.pid" ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

init_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return
  log "initialising a cluster in $DATA"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [[ "$(id -u)" == 0 ]] && chown -R postgres: "$DIR"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  # Trust, on the loopback address only (and the socket, which lives in the data directory).
  as_owner tee "$DATA/pg_hba.conf" >/dev/null <<'EOF'
local all all trust
host  all all 127.0.0.1/32 trust
EOF
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF
# scripts/postgres.sh: a throwaway test server
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
EOF
}

start() {
  BIN="$(bin_dir)"
  mkdir -p "$DIR"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$DATA_ROOT" "$DIR"
  # The postgres user may not be able to enter the caller's directory (a clone under /root).
  cd "$DIR"
  # Two test processes may start the shared server at once: one starts it, the other waits.
  exec 9>"$DIR/.lock"
  flock 9
  if running; then
    log "already running"
    echo "POSTGRES_URL=$URL"
    return
  fi
  if port_open "$PORT"; then die "port $PORT is taken by another process; set POSTGRES_PORT"; fi
  init_cluster
  log "starting PostgreSQL ($("$BIN/postgres" --version)) on 127.0.0.1:$PORT"
  [[ "$(id -u)" == 0 ]] && { touch "$LOG"; chown postgres: "$LOG"; }
  # pg_ctl detaches the server: it outlives the test process that started it (scripts/test.sh stops it).
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t "$START_TIMEOUT" start >/dev/null 9>&- \
    || { tail -n 40 "$LOG" >&2 || true; die "the server did not start"; }
  log "ready"
  echo "POSTGRES_URL=$URL"
}

stop() {
  BIN="$(bin_dir)"
  cd "${TMPDIR:-/tmp}"
  if ! running; then
    log "not running"
    return
  fi
  log "stopping"
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  log "stopped"
}

# Deletes a stopped server's cluster (every schema in it).
wipe() {
  BIN="$(bin_dir)"
  if running; then die "refusing to wipe a running server; stop it first"; fi
  rm -rf "${DIR:?}"
  log "wiped"
}

status() {
  BIN="$(bin_dir)"
  if running; then
    echo "running POSTGRES_URL=$URL"
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  wipe) wipe ;;
  *) echo "usage: $0 start|stop|status|wipe" >&2; exit 2 ;;
esac
