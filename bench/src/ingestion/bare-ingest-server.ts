import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { STORE_COUNTER_NAMES } from './store-counters';

/**
 * The ingestion baseline: the least work an alert endpoint with the same durability can do.
 * A bare Node `http` server parses the JSON, fingerprints it the way detection does (sha256 of
 * the source and the sorted labels) and appends it as one event to the same SQLite store with
 * the same `synchronous` level, then answers 202. No framework, no validation, no decider.
 *
 * GET /metrics answers the store's own write counters under the names the services use, so the
 * bench counts both sides the same way.
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

const store = new SqliteEventStore({
  path: process.env.SQLITE_PATH ?? './bare-ingest.db',
  synchronous: process.env.SQLITE_SYNCHRONOUS?.toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL',
});

/** The store's own write counters, under the names the services' GET /metrics gives them (platform's store-metrics). */
const metricsText = (): string => {
  const counters = store.writeCounters();
  return (Object.keys(STORE_COUNTER_NAMES) as (keyof typeof STORE_COUNTER_NAMES)[])
    .map((key) => `# TYPE ${STORE_COUNTER_NAMES[key]} counter\n${STORE_COUNTER_NAMES[key]} ${counters[key]}\n`)
    .join('');
};

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
        await store.append(
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

const shutdown = () => server.close(() => void store.close().then(() => process.exit(0)));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
