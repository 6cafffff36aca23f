import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Clock, InProcessBus, RecordedEvent } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { configureApp, createHttpAdapter, InfrastructureModule, initApp } from '@linchpin/platform';
import { eventually as waitFor } from '@linchpin/testing';
import { DETECTION_SERVICE, DetectionModule } from '../../src';
import { ALERT_STREAM_PREFIX, detectionStream } from '../../src/domain/streams';

// Request logs would drown the test output.
process.env.LOG_LEVEL ??= 'warn';

/** Detection as it runs: real HTTP (Fastify), the real SQLite store in a temporary directory, the in-process bus. */
export interface DetectionApp {
  app: INestApplication;
  store: SqliteEventStore;
  bus: InProcessBus;
  http(): ReturnType<typeof request>;
  /** Every event of the store, in log order. */
  allEvents(): Promise<RecordedEvent[]>;
  /** The events of one incident's stream (`detection-<incidentId>`). */
  incidentEvents(incidentId: string): Promise<RecordedEvent[]>;
  /** The SignalReceived events of one integration, in log order. */
  signalsOf(integrationId: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export async function startDetection(options: { clock?: Clock } = {}): Promise<DetectionApp> {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-detection-senders-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const bus = new InProcessBus();
  const moduleRef = await Test.createTestingModule({
    imports: [InfrastructureModule.forRoot({ service: DETECTION_SERVICE, store, bus, ...(options.clock ? { clock: options.clock } : {}) }), DetectionModule],
  }).compile();
  const app = configureApp(moduleRef.createNestApplication(createHttpAdapter(), { logger: false }), DETECTION_SERVICE);
  await initApp(app);
  const allEvents = () => store.readAll();
  return {
    app,
    store,
    bus,
    http: () => request(app.getHttpServer()),
    allEvents,
    incidentEvents: (incidentId) => store.readStream(detectionStream(incidentId)),
    signalsOf: async (integrationId) =>
      (await store.readAll({ filter: { streamPrefixes: [ALERT_STREAM_PREFIX] } })).filter(
        (e) => e.type === 'SignalReceived' && (e.data as { integrationId?: string }).integrationId === integrationId,
      ),
    close: async () => {
      await app.close();
      await bus.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for what the relay and the incident reactor do after a request returned (bounded; not a timing assertion). */
export const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => waitFor(what, probe, timeoutMs);

/** Waits until the incident's stream holds an event of `type` matching `match`, and returns it. */
export const incidentEvent = (detection: DetectionApp, incidentId: string, type: string, match: (e: RecordedEvent) => boolean = () => true) =>
  eventually(`${type} on detection-${incidentId}`, async () => (await detection.incidentEvents(incidentId)).find((e) => e.type === type && match(e)));

/** The newest event of `type` on the incident's stream, once there is one. */
export const latestIncidentEvent = async (detection: DetectionApp, incidentId: string, type: string): Promise<RecordedEvent | undefined> =>
  (await detection.incidentEvents(incidentId)).filter((e) => e.type === type).pop();

export interface CreatedIntegration {
  integrationId: string;
  key: string;
  [field: string]: unknown;
}

export async function createIntegration(detection: DetectionApp, body: Record<string, unknown>): Promise<CreatedIntegration> {
  const response = await detection.http().post('/detection/integrations').send(body);
  if (response.status !== 201) throw new Error(`creating the integration answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as CreatedIntegration;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const PROBLEM_JSON = /^application\/problem\+json/;
