import { INestApplication } from '@nestjs/common';
import { asAdmin } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';

const LISTS = ['/coordination/teams', '/coordination/people', '/coordination/escalation-policies', '/coordination/schedules', '/coordination/incidents'];

/** Every list pages the same way: `limit` 1–200 (default 50), an opaque `cursor`, and the same 400 for either out of bounds. */
describe('coordination lists page the same way (SQLite)', () => {
  let app: INestApplication;
  let coordination: ServiceApp;
  const http = () => asAdmin(app.getHttpServer());

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule });
    ({ app } = coordination);
  });

  afterAll(() => coordination.close());

  it.each(LISTS)('%s refuses a limit over 200 with a 400 naming `limit` (never clamps it)', async (list) => {
    const response = await http().get(`${list}?limit=201`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field: 'limit', reason: 'limit must not be greater than 200' }]);
  });

  it.each(LISTS)('%s refuses a limit of 0 or one that is not a whole number', async (list) => {
    for (const limit of ['0', '1.5', 'ten']) {
      const response = await http().get(`${list}?limit=${limit}`).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('limit');
    }
  });

  it.each(LISTS)('%s refuses a cursor it did not hand out with a 400 naming `cursor`', async (list) => {
    for (const cursor of ['garbage', Buffer.from('"not a key"').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')]) {
      const response = await http().get(list).query({ cursor }).expect(400);
      expect(response.body.errors).toEqual([{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);
    }
  });

  it.each(LISTS)('%s answers 200 items at most and a first page by default', async (list) => {
    const response = await http().get(`${list}?limit=200`).expect(200);
    expect(response.body).toEqual({ items: expect.any(Array), nextCursor: null });
  });
});
