#!/usr/bin/env bash
# The whole test suite: lint, build, unit, integration (real SQLite, real Kafka), end-to-end
# (five service processes over a real broker, and the standalone process), then the OpenAPI contract
# (Schemathesis against the standalone).
# Kafka: KAFKA_BROKERS when set; else a Docker engine (testcontainers); else the project's own
# broker from Maven Central (scripts/kafka.sh), started here and stopped at the end.
# PostgreSQL: POSTGRES_URL when set; else Debian's server run by scripts/postgres.sh, started here and
# stopped at the end (each test works in a schema of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
echo "Node.js $(node -v) at $(command -v node)"

started_kafka=0
started_postgres=0
stop_kafka() { if [ "$started_kafka" = 1 ]; then bash scripts/kafka.sh stop || true; fi; }
stop_postgres() { if [ "$started_postgres" = 1 ]; then bash scripts/postgres.sh stop || true; fi; }
trap 'stop_kafka; stop_postgres' EXIT

if [ -n "${KAFKA_BROKERS:-}" ]; then
  echo "Kafka: using KAFKA_BROKERS=$KAFKA_BROKERS"
elif docker info >/dev/null 2>&1; then
  echo "Kafka: a Docker engine answers; tests start the broker through testcontainers"
else
  echo "Kafka: no KAFKA_BROKERS and no Docker engine; starting the project's broker (scripts/kafka.sh)"
  line=$(bash scripts/kafka.sh start | tail -n 1)
  export "${line?}"
  started_kafka=1
fi
if [ -n "${POSTGRES_URL:-}" ]; then
  echo "PostgreSQL: using POSTGRES_URL"
else
  echo "PostgreSQL: no POSTGRES_URL; starting the project's server (scripts/postgres.sh)"
  line=$(bash scripts/postgres.sh start | tail -n 1)
  export "${line?}"
  started_postgres=1
fi
if [ -z "${EVENTSTORE_URL:-}" ] && ! docker info >/dev/null 2>&1; then
  echo "EventStoreDB: EVENTSTORE_URL not set and no Docker engine: its contract suite will be skipped"
fi

rm -rf .test-results
mkdir -p .test-results
status=0
npx nx run-many -t lint typecheck build test --outputStyle=stream "$@" 2>&1 | tee .test-results/nx.log || status=$?

summary=$(node -e '
  const fs = require("fs"), dir = ".test-results";
  const runs = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  for (const r of runs) console.log(`  ${r.project}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  for (const f of runs.flatMap((r) => r.failures ?? [])) console.log(`  failed: ${f}`);
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".crash.txt"))) console.log(`  failed: ${fs.readFileSync(dir + "/" + f, "utf8").split("\n")[0]}`);
  console.log(`Tests: ${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`);
')
echo "$summary"

# The OpenAPI contract from outside, against the standalone just built: every Schemathesis check, a fixed
# seed and a random one (scripts/schemathesis/run.sh). Skipped only on a partial run (`npm test -- -p …`).
if [ "$#" -eq 0 ]; then
  contract=0
  bash scripts/schemathesis/run.sh || contract=$?
  [ "$contract" -eq 0 ] || status=$contract
fi

# The suite's count closes the output: a reader of the last lines (CI) sees what ran, not Schemathesis's report.
stop_kafka
started_kafka=0
stop_postgres
started_postgres=0
# A task can fail with every test passed (a lint error, a process that crashed after its last test): the
# tail of each failed task's own output goes to the closing lines too, so CI's tail names the cause.
sed 's/\x1b\[[0-9;]*m//g' .test-results/nx.log > .test-results/nx.txt
# Only the list under Nx's closing "Failed tasks:": its opening lists every project the same way.
for task in $(sed -n '/Failed tasks:/,$ s/^- \(@linchpin\/[^ ]*\)$/\1/p' .test-results/nx.txt); do
  echo "--- the last lines of failed task $task:"
  grep -a "^${task%%:*}: " .test-results/nx.txt | tail -n 25 || true
done
echo "$summary" | grep '^  failed: ' || true
echo "${summary##*$'\n'}"
exit "$status"
