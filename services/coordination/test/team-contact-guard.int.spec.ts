import { INestApplication } from '@nestjs/common';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { asAdmin, REFUSED_WEBHOOK_URLS } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';

describe('team contacts pass the outbound guard (no OUTBOUND_ALLOW_CIDRS)', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let coordination: ServiceApp;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    ({ app, store } = coordination);
  });

  afterAll(() => coordination.close());

  it.each(REFUSED_WEBHOOK_URLS)('refuses a member contact %s with a 400 naming the nested field, and stores no team', async (webhookUrl) => {
    const res = await asAdmin(app.getHttpServer())
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
    const res = await asAdmin(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: 'payments', members: [{ name: 'mallory', onCallOrder: 1, contact: { webhookUrl: 'http://0x7f000001:9/' } }] })
      .expect(400);
    expect(res.body.errors[0].reason).toContain('127.0.0.1 is a loopback address');
  });

  it('accepts a public https contact', async () => {
    await asAdmin(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: 'search', members: [{ name: 'bob', onCallOrder: 1, contact: { webhookUrl: 'https://hooks.example.com/bob?team=search' } }] })
      .expect(201);
  });
});
