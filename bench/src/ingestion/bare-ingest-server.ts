import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { STORE_COUNTER_NAMES } from './store-counters';

/**
 * The ingestion baseline: the least work an alert endpoint with the same durability can do.
 * A bare Node `http` server parses the JSON, fingerprints it the way detection does (sha256 of
 * the source and the sorted labels) and appends it as one event to the same SQLite store with
 * the same `synchronous` level, then answers 202. No framework, no validation, no decider.
 *
 * GET /metrics answers the store counters under the names the services use, so the bench counts
 * both sides the same way (see `countedAppend` for how each is counted here).
 *
 * Env: PORT (0 = any), SQLITE_PATH, SQLITE_SYNCHRONOUS (FULL | NORMAL). Prints `listening <port>`.
 */
interface AlertBody {
  source: string;
  summary: string;
  severity: string;
  labels?: Record<string, string>;
}

const fingerprintOf = (alert: AlertBody): string => {
  const labels = alert.labels ?? {};
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key]]);
  return createHash('sha256').update(JSON.stringify({ source: alert.source, labels: sorted })).digest('hex').slice(0, 32);
};

const path = process.env.SQLITE_PATH ?? './bare-ingest.db';
const store = new SqliteEventStore({
  path,
  synchronous: process.env.SQLITE_SYNCHRONOUS?.toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL',
});

/**
 * A second, read-only connection for GET /metrics: bytes written are summed from the stored rows
 * when scraped rather than by serialising every event a second time on the measured path.
 */
const reader = new Database(path, { readonly: true });
const storedBytes = reader.prepare<[], { bytes: number }>(
  'SELECT coalesce(sum(length(CAST(data AS BLOB)) + length(CAST(metadata AS BLOB))), 0) AS bytes FROM events',
);
const bytesAtStart = storedBytes.get()!.bytes;

const counted = { appends: 0, eventsWritten: 0, commits: 0 };
let batchOpen = false;

/**
 * store.append, counted. Appends and events: each call stores its events (every alert has a fresh
 * event id, so none is a replay). Commits: the store commits every append requested in one turn of
 * the event loop as one transaction, scheduled with setImmediate when the first arrives; this
 * opens a batch the same way (its setImmediate is queued just before the store's), so it counts
 * one commit per transaction the store runs.
 */
function countedAppend(...args: Parameters<SqliteEventStore['append']>): ReturnType<SqliteEventStore['append']> {
  if (!batchOpen) {
    batchOpen = true;
    counted.commits += 1;
    setImmediate(() => (batchOpen = false));
  }
  counted.appends += 1;
  counted.eventsWritten += args[1].length;
  return store.append(...args);
}

const metricsText = (): string =>
  [
    [STORE_COUNTER_NAMES.appends, counted.appends],
    [STORE_COUNTER_NAMES.eventsWritten, counted.eventsWritten],
    [STORE_COUNTER_NAMES.bytesWritten, storedBytes.get()!.bytes - bytesAtStart],
    [STORE_COUNTER_NAMES.commits, counted.commits],
  ]
    .map(([name, value]) => `# TYPE ${name} counter\n${name} ${value}\n`)
    .join('');

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/metrics') {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(metricsText());
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void (async () => {
      try {
        const alert = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertBody;
        const fingerprint = fingerprintOf(alert);
        const alertId = randomUUID();
        const eventId = randomUUID();
        await countedAppend(
          `alert-${fingerprint}`,
          [
            {
              id: eventId,
              type: 'AlertReceived',
              schemaVersion: 1,
              data: { alertId, fingerprint, ...alert, labels: alert.labels ?? {}, startsAt: new Date().toISOString() },
              metadata: { correlationId: eventId, causationId: eventId, actor: 'api', occurredAt: new Date().toISOString() },
            },
          ],
          'any',
        );
        response.writeHead(202, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ alertId, eventId, fingerprint }));
      } catch (error) {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: (error as Error).message }));
      }
    })();
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});

const shutdown = () =>
  server.close(() => {
    reader.close();
    void store.close().then(() => process.exit(0));
  });
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
