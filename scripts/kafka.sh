#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft) broker for tests, when neither KAFKA_BROKERS nor a
# Docker engine is available. The broker comes from Maven Central (cached in ~/.m2) and runs
# on 127.0.0.1 with its state under .kafka/<instance>/. See scripts/kafka/README.md.
#
#   scripts/kafka.sh start|stop|status|wipe
#
# Env: KAFKA_INSTANCE (default "default"), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
#      KAFKA_VERSION (pinned below), KAFKA_HEAP (768m), KAFKA_START_TIMEOUT (seconds, 120),
#      KAFKA_STOP_TIMEOUT (seconds, 30).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONF_SRC="$ROOT/scripts/kafka"
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
INSTANCE="${KAFKA_INSTANCE:-default}"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP:-768m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

STATE="$ROOT/.kafka"
DIR="$STATE/$INSTANCE"
PID_FILE="$DIR/kafka.pid"
LOG_DIR="$DIR/logs"
DATA_DIR="$DIR/data"
PROPS="$DIR/server.properties"
BROKERS="127.0.0.1:$PORT"

log() { echo "kafka.sh[$INSTANCE]: $*" >&2; }
die() { log "$*"; exit 1; }

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The broker's classpath, resolved once per Kafka version and kept next to the instances.
classpath() {
  local cp_file="$STATE/classpath-$KAFKA_VERSION.txt"
  if [[ -s "$cp_file" ]]; then
    local first
    first="$(cut -d: -f1 "$cp_file")"
    if [[ -f "$first" ]]; then cat "$cp_file"; return; fi
  fi
  command -v mvn >/dev/null || die "mvn not found: install Maven (and a JDK 17+) or set KAFKA_BROKERS"
  log "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central"
  mkdir -p "$STATE"
  local tmp="$cp_file.tmp.$$"
  if ! mvn -B -q -f "$CONF_SRC/pom.xml" "-Dkafka.version=$KAFKA_VERSION" \
      dependency:build-classpath "-Dmdep.outputFile=$tmp" >"$STATE/mvn.log" 2>&1; then
    tail -n 30 "$STATE/mvn.log" >&2
    die "Maven could not resolve Kafka $KAFKA_VERSION (log: $STATE/mvn.log)"
  fi
  mv "$tmp" "$cp_file"
  cat "$cp_file"
}

write_config() {
  mkdir -p "$LOG_DIR" "$DATA_DIR"
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
    "$CONF_SRC/server.properties.template" >"$PROPS"
}

# Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding.
# One that starts with '-' would be read by kafka-storage as an option: draw again.
cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" == -* ]] || { echo "$id"; return; }
  done
}

format_storage() {
  local cp="$1"
  [[ -f "$DATA_DIR/meta.properties" ]] && return
  local id
  id="$(cluster_id)"
  log "formatting KRaft storage (cluster id $id)"
  java -cp "$cp" -Dlog4j2.configurationFile="$CONF_SRC/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR" \
    kafka.tools.StorageTool format --standalone -t "$id" -c "$PROPS" >"$LOG_DIR/format.log" 2>&1 \
    || { cat "$LOG_DIR/format.log" >&2; die "formatting storage failed"; }
}

fail_start() {
  log "$1"
  for f in "$LOG_DIR/server.log" "$LOG_DIR/stdout.log"; do
    [[ -s "$f" ]] && { echo "--- tail of $f" >&2; tail -n 40 "$f" >&2; }
  done
  exit 1
}

start() {
  mkdir -p "$DIR"
  # Two test workers may start the shared broker at once: one starts it, the other waits.
  exec 9>"$DIR/.lock"
  flock 9

  local pid
  if pid="$(running_pid)"; then
    if port_open "$PORT"; then
      log "already running (pid $pid)"
      echo "KAFKA_BROKERS=$BROKERS"
      return
    fi
  else
    if port_open "$PORT"; then die "port $PORT is taken by another process; set KAFKA_PORT"; fi
    if port_open "$CONTROLLER_PORT"; then die "port $CONTROLLER_PORT is taken; set KAFKA_CONTROLLER_PORT"; fi
    command -v java >/dev/null || die "java not found: install a JDK 17+ or set KAFKA_BROKERS"
    local cp
    cp="$(classpath)"
    write_config
    format_storage "$cp"
    [[ -f "$LOG_DIR/server.log" ]] && mv -f "$LOG_DIR/server.log" "$LOG_DIR/server.log.1"
    log "starting Kafka $KAFKA_VERSION on $BROKERS (controller $CONTROLLER_PORT)"
    # setsid: the broker outlives the test process that started it (scripts/test.sh stops it).
    setsid java "-Xmx$HEAP" "-Xms256m" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
      -Djava.awt.headless=true -Dlog4j2.configurationFile="$CONF_SRC/log4j2.properties" \
      -Dkafka.logs.dir="$LOG_DIR" -cp "$cp" kafka.Kafka "$PROPS" \
      >"$LOG_DIR/stdout.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
  fi

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$PORT" && grep -q "Kafka Server started" "$LOG_DIR/server.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; fail_start "the broker exited while starting"; }
    ((SECONDS < deadline)) || fail_start "the broker did not answer on $BROKERS within ${START_TIMEOUT}s (pid $pid still running)"
    sleep 0.2
  done
  log "ready (pid $pid)"
  echo "KAFKA_BROKERS=$BROKERS"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "still running after ${STOP_TIMEOUT}s: killing"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  # Wait until the port is released so an immediate restart can bind it.
  deadline=$((SECONDS + 10))
  while port_open "$PORT" && ((SECONDS < deadline)); do sleep 0.1; done
  rm -f "$PID_FILE"
  log "stopped"
}

# Deletes a stopped instance's state (its topics and offsets), for a test that wants a fresh broker.
wipe() {
  if running_pid >/dev/null; then die "refusing to wipe a running broker; stop it first"; fi
  [[ "$INSTANCE" =~ ^[A-Za-z0-9._-]+$ ]] || die "bad instance name '$INSTANCE'"
  rm -rf "${DIR:?}"
  log "wiped"
}

status() {
  local pid
  if pid="$(running_pid)" && port_open "$PORT"; then
    echo "running pid=$pid KAFKA_BROKERS=$BROKERS"
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
