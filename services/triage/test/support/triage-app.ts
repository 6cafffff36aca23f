import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Clock, EventEnvelope, InProcessBus, RecordedEvent } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { configureApp, createHttpAdapter, InfrastructureModule, initApp } from '@linchpin/platform';
import { TRIAGE_SERVICE } from '../../src/service';

// Request logs would drown the test output.
process.env.LOG_LEVEL ??= 'warn';

export interface TriageApp {
  app: INestApplication;
  store: SqliteEventStore;
  bus: InProcessBus;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** `module` over real HTTP, a real SQLite store in a temporary folder and the in-process bus. */
export async function startTriage(module: Type<unknown>, options: { clock?: Clock } = {}): Promise<TriageApp> {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-triage-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const bus = new InProcessBus();
  const moduleRef = await Test.createTestingModule({
    imports: [InfrastructureModule.forRoot({ service: TRIAGE_SERVICE, store, bus, ...(options.clock ? { clock: options.clock } : {}) }), module],
  }).compile();
  const app = configureApp(moduleRef.createNestApplication(createHttpAdapter(), { logger: false }), TRIAGE_SERVICE);
  await initApp(app);
  return {
    app,
    store,
    bus,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await bus.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let position = 1000;
/** Another service's event as it arrives from the bus: stored elsewhere, with its recorded time. */
export const recorded = <T extends string, D>(event: EventEnvelope<T, D>, recordedAt: string): RecordedEvent<T, D> => ({
  ...event,
  streamId: `foreign-${event.metadata.incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt,
});
