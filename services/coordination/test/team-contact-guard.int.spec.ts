import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { InProcessBus } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { configureApp, createHttpAdapter, InfrastructureModule, initApp } from '@linchpin/platform';
import { REFUSED_WEBHOOK_URLS } from '@linchpin/testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';

describe('team contacts pass the outbound guard (no OUTBOUND_ALLOW_CIDRS)', () => {
  let app: INestApplication;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    delete process.env.OUTBOUND_ALLOW_CIDRS;
    dir = mkdtempSync(join(tmpdir(), 'coordination-contacts-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    bus = new InProcessBus();
    const moduleRef = await Test.createTestingModule({
      imports: [InfrastructureModule.forRoot({ service: COORDINATION_SERVICE, store, bus }), CoordinationModule],
    }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    configureApp(app, COORDINATION_SERVICE);
    await initApp(app);
  });

  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  it.each(REFUSED_WEBHOOK_URLS)('refuses a member contact %s with a 400 naming the nested field, and stores no team', async (webhookUrl) => {
    const res = await request(app.getHttpServer())
      .post('/coordination/teams')
      .send({
        name: 'payments',
        members: [
          { name: 'alice', onCallOrder: 1, contact: { webhookUrl: 'https://hooks.example.com/alice' } },
          { name: 'mallory', onCallOrder: 2, contact: { webhookUrl } },
        ],
      })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'members.1.contact.webhookUrl', reason: expect.any(String) }]);
    expect(await store.readAll({ filter: { streamPrefixes: ['team-'] } })).toHaveLength(0);
  });

  it('says which address a refused contact denotes', async () => {
    const res = await request(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: 'payments', members: [{ name: 'mallory', onCallOrder: 1, contact: { webhookUrl: 'http://0x7f000001:9/' } }] })
      .expect(400);
    expect(res.body.errors[0].reason).toContain('127.0.0.1 is a loopback address');
  });

  it('accepts a public https contact', async () => {
    await request(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: 'search', members: [{ name: 'bob', onCallOrder: 1, contact: { webhookUrl: 'https://hooks.example.com/bob?team=search' } }] })
      .expect(201);
  });
});
