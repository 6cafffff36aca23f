import { INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiTokenIssuedV1, ApiTokenRevokedV1 } from '@linchpin/contracts';
import { EventEnvelope, InProcessBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { configureApp } from '../configure-app';
import { createHttpAdapter, initApp } from '../http-adapter';
import { InfrastructureModule } from '../infrastructure.module';
import { ServiceDefinition } from '../service-definition';
import { API_TOKEN_DIRECTORY, ApiTokenDirectory, hashToken } from './api-token-directory';
import { KNOWN_API_TOKEN_STREAM_PREFIX } from './api-token-copies';

const service: ServiceDefinition = { name: 'tokentest', title: 'Token test', defaultPort: 3996 };

@Module({})
class NothingElse {}

/** A process of some service: its own SQLite file, the in-process bus on which the test plays coordination. */
interface Process {
  app: INestApplication;
  bus: InProcessBus;
  store: SqliteEventStore;
  directory: ApiTokenDirectory;
  close(): Promise<void>;
}

async function start(path: string): Promise<Process> {
  const store = new SqliteEventStore({ path });
  const bus = new InProcessBus();
  const moduleRef = await Test.createTestingModule({ imports: [InfrastructureModule.forRoot({ service, store, bus }), NothingElse] }).compile();
  const app = configureApp(moduleRef.createNestApplication(createHttpAdapter(), { logger: false }), service);
  await initApp(app);
  return {
    app,
    bus,
    store,
    directory: app.get<ApiTokenDirectory>(API_TOKEN_DIRECTORY),
    close: async () => {
      await app.close();
      await bus.close();
      await store.close();
    },
  };
}

let position = 0;
/** What coordination's relay publishes: a stored event of an `apiToken-` stream. */
const published = (event: EventEnvelope, revision: number): PublishedEvent => ({
  ...event,
  streamId: `apiToken-${(event.data as { tokenId: string }).tokenId}`,
  revision,
  position: ++position,
  recordedAt: event.metadata.occurredAt,
});

const metadata = (occurredAt: string) => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'admin', occurredAt });

function issued(token: string, tokenId = randomUUID()): PublishedEvent {
  const data = {
    tokenId,
    name: 'ci deploys',
    tokenHash: hashToken(token),
    hint: `lp_…${token.slice(-4)}`,
    roles: ['responder' as const],
    team: 'payments',
    personId: null,
    expiresAt: '2030-01-01T00:00:00.000Z',
    issuedBy: 'admin',
  };
  return published(ApiTokenIssuedV1.create(randomUUID(), data, metadata('2026-03-01T10:00:00.000Z')), 0);
}

const revoked = (tokenId: string, at = '2026-03-02T10:00:00.000Z'): PublishedEvent =>
  published(ApiTokenRevokedV1.create(randomUUID(), { tokenId, reason: 'leaked', revokedBy: 'admin' }, metadata(at)), 1);

const newToken = (): string => `lp_${randomUUID().replace(/-/g, '')}abcdefghijk`;

describe("a process's projection of coordination's API tokens", () => {
  let dir: string;
  let path: string;
  let running: Process | undefined;
  const coordination = () => topicOf('coordination');
  const logLevel = process.env.LOG_LEVEL;

  beforeAll(() => {
    process.env.LOG_LEVEL = 'warn';
  });

  afterAll(() => {
    if (logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = logLevel;
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-api-tokens-'));
    path = join(dir, 'events.db');
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds an issued token by the hash of the token, with its roles, team and expiry', async () => {
    running = await start(path);
    const token = newToken();
    const event = issued(token);
    await running.bus.publish(coordination(), [{ key: event.streamId, event }]);

    expect(running.directory.find(hashToken(token))).toEqual({
      tokenId: (event.data as { tokenId: string }).tokenId,
      name: 'ci deploys',
      roles: ['responder'],
      team: 'payments',
      personId: null,
      expiresAt: '2030-01-01T00:00:00.000Z',
      revokedAt: null,
    });
    expect(running.directory.find(hashToken(newToken()))).toBeUndefined();
    expect(running.directory.find(token)).toBeUndefined();
  });

  it('shows a token as revoked, from when coordination revoked it, once the revocation arrives', async () => {
    running = await start(path);
    const token = newToken();
    const event = issued(token);
    const tokenId = (event.data as { tokenId: string }).tokenId;
    await running.bus.publish(coordination(), [{ key: event.streamId, event }]);
    await running.bus.publish(coordination(), [{ key: event.streamId, event: revoked(tokenId, '2026-03-02T10:00:00.000Z') }]);

    expect(running.directory.find(hashToken(token))).toMatchObject({ tokenId, revokedAt: '2026-03-02T10:00:00.000Z' });
  });

  it('knows every token it heard of after a restart, before the bus delivers anything: the index is rebuilt from its own store', async () => {
    running = await start(path);
    const [kept, gone] = [newToken(), newToken()];
    const keptEvent = issued(kept);
    const goneEvent = issued(gone);
    const goneId = (goneEvent.data as { tokenId: string }).tokenId;
    for (const event of [keptEvent, goneEvent, revoked(goneId)]) await running.bus.publish(coordination(), [{ key: event.streamId, event }]);
    await running.close();

    running = await start(path);
    expect(running.directory.find(hashToken(kept))).toMatchObject({ name: 'ci deploys', revokedAt: null });
    expect(running.directory.find(hashToken(gone))).toMatchObject({ tokenId: goneId, revokedAt: '2026-03-02T10:00:00.000Z' });
  });

  it('records each fact once in its own private stream, however often the bus delivers it, and never the token', async () => {
    running = await start(path);
    const token = newToken();
    const event = issued(token);
    const tokenId = (event.data as { tokenId: string }).tokenId;
    const revocation = revoked(tokenId);
    for (const e of [event, event, revocation, revocation, event]) await running.bus.publish(coordination(), [{ key: e.streamId, event: e }]);

    const stored = await running.store.readStream(`${KNOWN_API_TOKEN_STREAM_PREFIX}${tokenId}`);
    expect(stored.map((e) => e.type)).toEqual(['ApiTokenKnown', 'ApiTokenRevocationKnown']);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(running.directory.find(hashToken(token))?.revokedAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it("is one of the process's consumer groups in /health/ready (group <service>.api-tokens)", async () => {
    running = await start(path);
    const { body } = await request(running.app.getHttpServer()).get('/health/ready').expect(200);
    expect(body.checks.consumers.groups).toContainEqual(expect.objectContaining({ group: 'tokentest.api-tokens', status: 'up', state: 'caught-up' }));
  });
});
