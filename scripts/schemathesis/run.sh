#!/usr/bin/env bash
# The OpenAPI contract, tested from outside: Schemathesis (`st`, pinned in requirements.txt beside this
# script; .ci/run installs it) runs every check it has against the standalone process, twice: once with
# a fixed seed (the same cases on every run, so a failure reproduces) and once with a random one
# (printed, so what it finds reproduces with `SCHEMATHESIS_FIXED_SEED=<seed> scripts/schemathesis/run.sh`).
# Each run gets a fresh process on a free loopback port with an empty data directory. Any finding, error
# or unresponsive server fails the script. scripts/test.sh (npm test) runs it last.
#
# Env: SCHEMATHESIS_MAX_EXAMPLES (50 per operation), SCHEMATHESIS_FIXED_SEED (1), SCHEMATHESIS_SEED (the
#      second run's seed; random when unset), SCHEMATHESIS_WORKERS (1), SCHEMATHESIS_AUTH_HEADER (sent with
#      every request; default the admin token the standalone creates at its first start, so every
#      operation is reached past its access check), SCHEMATHESIS_KEEP=1 (keep data and logs).
# Beside this script: schemathesis.toml (the checks' settings) and hooks.py (the rules OpenAPI 3.0 cannot
# state, kept by the generated requests). Needs a built standalone (`npx nx run @linchpin/standalone:build`).
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=scripts/schemathesis

MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-50}"
FIXED_SEED="${SCHEMATHESIS_FIXED_SEED:-1}"
RANDOM_SEED="${SCHEMATHESIS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
# One worker: with more, Hypothesis parses sources in threads, which CPython 3.11 does not survive
# ("AST constructor recursion depth mismatch", reported as a Schemathesis runtime error).
WORKERS="${SCHEMATHESIS_WORKERS:-1}"
MAIN=services/standalone/dist/main.js
PINNED=$(sed -n 's/^schemathesis==//p' "$HERE/requirements.txt")

log() { echo "schemathesis: $*" >&2; }
command -v st >/dev/null 2>&1 || { log "the 'st' command is missing: pip install -r $HERE/requirements.txt (.ci/run does)"; exit 1; }
installed=$(st --version | sed -n 's/^st, version //p')
[ "$installed" = "$PINNED" ] || log "warning: st $installed is installed, $PINNED is pinned: findings may differ from CI's"
[ -f "$MAIN" ] || { log "$MAIN is missing: build it first (npx nx run @linchpin/standalone:build)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/linchpin-schemathesis.XXXXXX")
pid=""
stop_standalone() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
cleanup() {
  stop_standalone
  if [ "${SCHEMATHESIS_KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# A fresh standalone (its own data directory, the in-process bus, embedded SQLite) on a free loopback port; sets $base.
start_standalone() {
  local name=$1 port data
  port=$(free_port)
  data="$work/$name"
  mkdir -p "$data"
  env -u KAFKA_BROKERS -u EVENTSTORE_URL -u POSTGRES_URL \
    NODE_ENV=test HOST=127.0.0.1 PORT="$port" LOG_LEVEL=warn \
    RATE_LIMIT_PER_MINUTE=1000000 RATE_LIMIT_PER_KEY_PER_MINUTE=1000000 \
    SQLITE_PATH="$data/standalone.db" LINCHPIN_DATA_DIR="$data" \
    node "$MAIN" >"$data/standalone.log" 2>&1 &
  pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    if curl -fsS "$base/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { log "the standalone exited; its log:"; cat "$data/standalone.log" >&2; return 1; }
    sleep 0.2
  done
  log "the standalone was not ready within 60 s; its log:"
  cat "$data/standalone.log" >&2
  return 1
}

# One full run (every phase, every check); returns st's exit status: non-zero on any failure or error.
run_st() {
  local name=$1 seed=$2 status=0 started
  start_standalone "$name" || return 1
  # The admin token written at the first start (`<LINCHPIN_DATA_DIR>/admin.token`) unless one is given.
  local auth_header="${SCHEMATHESIS_AUTH_HEADER:-Authorization: Bearer $(cat "$work/$name/admin.token")}"
  local auth=(-H "$auth_header")
  log "$name run: seed $seed, $MAX_EXAMPLES examples per operation, $WORKERS workers, against $base"
  started=$(date +%s)
  # hooks.py calls the API too (a PagerDuty integration's key): it reads the base URL and SCHEMATHESIS_AUTH_HEADER.
  SCHEMATHESIS_AUTH_HEADER="$auth_header" SCHEMATHESIS_BASE_URL="$base" SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}" \
    st --config-file "$HERE/schemathesis.toml" run "$base/openapi.json" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$seed" \
    --workers "$WORKERS" \
    --generation-database none \
    --no-color \
    "${auth[@]}" || status=$?
  if ! kill -0 "$pid" 2>/dev/null; then
    log "the standalone died during the $name run; the end of its log:"
    tail -n 40 "$work/$name/standalone.log" >&2
    status=1
  fi
  stop_standalone
  log "$name run (seed $seed) took $(($(date +%s) - started)) s"
  if [ "$status" -ne 0 ]; then log "$name run (seed $seed) failed; reproduce with SCHEMATHESIS_FIXED_SEED=$seed scripts/schemathesis/run.sh"; fi
  return "$status"
}

# The two runs side by side (a process and an `st` each): on two cores that halves the wait. Each
# prints when it is done, whole, so the reports do not interleave.
run_in_background() {
  local name=$1 seed=$2
  ( trap stop_standalone EXIT; run_st "$name" "$seed" >"$work/$name.out" 2>&1 ) &
}
run_in_background fixed "$FIXED_SEED"
fixed_job=$!
run_in_background random "$RANDOM_SEED"
random_job=$!
status=0
# Schemathesis closes its report with a pytest-style rule ("=== 2 warnings in 137s ==="), which a reader of
# test output takes for a pytest run that executed nothing: the rules are dropped, the words kept.
show() { sed -E 's/^=+ (.*) =+$/schemathesis summary: \1/' "$1"; }
wait "$fixed_job" || status=1
show "$work/fixed.out"
wait "$random_job" || status=1
show "$work/random.out"
cases=$(cat "$work/fixed.out" "$work/random.out" | sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' | awk '{ n += $1 } END { print n }')
log "cases generated: ${cases:-unknown} over both runs"
log "seeds: fixed $FIXED_SEED, random $RANDOM_SEED; $([ "$status" = 0 ] && echo 'no findings' || echo 'FINDINGS (see above)')"
exit "$status"
