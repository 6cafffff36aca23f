import { ManualClock, topicOf } from '@linchpin/eventsourcing';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { ACTOR_TOKENS, as } from './support/actors';

const ALICE = '7a1c3f4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const BOB = '8b2d4a5f-2c3e-4d6f-9a01-b2c3d4e5f6a7';
const CAROL = '9c3e5b6a-3d4f-4e7a-8b12-c3d4e5f6a7b8';

/** Follow-the-sun all week (layer 1), business hours on weekdays (layer 2), Berlin time. */
const payments = {
  name: 'Payments primary',
  timeZone: 'Europe/Berlin',
  layers: [
    { name: 'round the clock', participants: [CAROL], rotation: 'weekly', start: '2026-03-02T09:00' },
    {
      name: 'business hours',
      participants: [ALICE, BOB],
      rotation: 'daily',
      start: '2026-03-02T09:00',
      handoffTime: '09:00',
      restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
    },
  ],
};

describe('schedules over HTTP (SQLite + in-process bus)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z'); // Tuesday 10:00 in Berlin
  const http = () => asAdmin(coordination.app.getHttpServer());
  const scheduleEvents = async () => (await coordination.store.readAll({ filter: { streamPrefixes: ['schedule-'] } })).length;
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock, observe: [topicOf('coordination')] });
  });

  afterAll(() => coordination.close());

  it('creates a schedule (version 1), reads it back with its defaults filled, lists it, and publishes ScheduleCreated v1', async () => {
    const created = await http().post('/coordination/schedules').set(as('lead')).send(payments).expect(201);
    expect(created.body).toEqual({ scheduleId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
    const read = await http().get(`/coordination/schedules/${created.body.scheduleId}`).expect(200);
    expect(read.body).toMatchObject({ scheduleId: created.body.scheduleId, name: 'Payments primary', version: 1, status: 'active', timeZone: 'Europe/Berlin', overrides: [], retiredAt: null });
    expect(read.body.layers[0]).toEqual({ name: 'round the clock', participants: [CAROL], rotation: 'weekly', start: '2026-03-02T09:00', handoffTime: '09:00', restrictions: [] });
    const list = await http().get('/coordination/schedules?limit=10').expect(200);
    expect(list.body.items.map((s: { scheduleId: string }) => s.scheduleId)).toContain(created.body.scheduleId);
    const published = await eventually('ScheduleCreated on the bus', async () => coordination.published.find((e) => e.type === 'ScheduleCreated'));
    expect(published).toMatchObject({ schemaVersion: 1, streamId: `schedule-${created.body.scheduleId}`, metadata: { actor: 'token:lead' } });
  });

  it('answers who is on call now (the injected clock) and at any instant, with each layer’s candidate and the version', async () => {
    const { scheduleId } = (await http().post('/coordination/schedules').send(payments).expect(201)).body;
    const now = await http().get(`/coordination/schedules/${scheduleId}/oncall`).expect(200);
    expect(now.body).toMatchObject({
      scheduleId,
      version: 1,
      timeZone: 'Europe/Berlin',
      at: '2026-03-03T09:00:00.000Z',
      personId: BOB,
      layer: 2,
      overrideId: null,
      shiftStart: '2026-03-03T08:00:00.000Z',
      shiftEnd: '2026-03-03T16:00:00.000Z',
    });
    expect(now.body.layers.map((c: { personId: string | null }) => c.personId)).toEqual([CAROL, BOB]);

    const evening = await http().get(`/coordination/schedules/${scheduleId}/oncall`).query({ at: '2026-03-03T19:00:00+01:00' }).expect(200);
    expect(evening.body).toMatchObject({ personId: CAROL, layer: 1 });
    expect(evening.body.layers[1]).toMatchObject({ personId: null, reason: expect.stringContaining('outside its restrictions') });

    const past = await http().get(`/coordination/schedules/${scheduleId}/oncall`).query({ at: '2026-02-01T12:00:00Z' }).expect(200);
    expect(past.body).toMatchObject({ personId: null, layer: null, reason: expect.stringContaining('starts at 2026-03-02T09:00') });
    const future = await http().get(`/coordination/schedules/${scheduleId}/oncall`).query({ at: '2027-03-03T09:00:00Z' }).expect(200);
    expect(future.body.personId).not.toBeNull();

    clock.set('2026-03-04T09:00:00.000Z');
    expect((await http().get(`/coordination/schedules/${scheduleId}/oncall`).expect(200)).body).toMatchObject({ at: '2026-03-04T09:00:00.000Z', personId: ALICE });
    clock.set('2026-03-03T09:00:00.000Z');
  });

  it('pins a daily 02:30 hand-off in America/New_York on 2026-03-08 at 07:30Z in the listed shifts', async () => {
    const body = { name: 'NY nights', timeZone: 'America/New_York', layers: [{ participants: [ALICE, BOB], rotation: 'daily', start: '2026-03-01T02:30' }] };
    const { scheduleId } = (await http().post('/coordination/schedules').send(body).expect(201)).body;
    const listed = await http().get(`/coordination/schedules/${scheduleId}/shifts`).query({ from: '2026-03-07T12:00:00Z', to: '2026-03-08T12:00:00Z' }).expect(200);
    expect(listed.body).toMatchObject({ scheduleId, version: 1, from: '2026-03-07T12:00:00.000Z', to: '2026-03-08T12:00:00.000Z', gaps: [] });
    expect(listed.body.shifts.map((s: { start: string; end: string }) => [s.start, s.end])).toEqual([
      ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z'],
      ['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'],
    ]);
  });

  it('an override wins over every layer until it is removed; removing it again is a 404', async () => {
    const { scheduleId } = (await http().post('/coordination/schedules').send(payments).expect(201)).body;
    const added = await http().post(`/coordination/schedules/${scheduleId}/overrides`).send({ personId: CAROL, from: '2026-03-03T08:30:00Z', to: '2026-03-03T10:00:00Z' }).expect(201);
    const { overrideId } = added.body;
    expect((await http().get(`/coordination/schedules/${scheduleId}/oncall`).expect(200)).body).toMatchObject({
      personId: CAROL,
      layer: 'override',
      overrideId,
      shiftStart: '2026-03-03T08:30:00.000Z',
      shiftEnd: '2026-03-03T10:00:00.000Z',
      layers: [expect.objectContaining({ personId: CAROL }), expect.objectContaining({ personId: BOB })],
    });
    const shifts = await http().get(`/coordination/schedules/${scheduleId}/shifts`).query({ from: '2026-03-03T08:00:00Z', to: '2026-03-03T16:00:00Z' }).expect(200);
    expect(shifts.body.shifts.map((s: { personId: string; layer: unknown }) => [s.personId, s.layer])).toEqual([
      [BOB, 2],
      [CAROL, 'override'],
      [BOB, 2],
    ]);
    await http().delete(`/coordination/schedules/${scheduleId}/overrides/${overrideId}`).expect(204);
    expect((await http().get(`/coordination/schedules/${scheduleId}/oncall`).expect(200)).body).toMatchObject({ personId: BOB, layer: 2 });
    const again = await http().delete(`/coordination/schedules/${scheduleId}/overrides/${overrideId}`).expect(404);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('PUT makes a new version; the same definition again makes none; a stale basedOnVersion is a 409 and stores nothing', async () => {
    const { scheduleId } = (await http().post('/coordination/schedules').send(payments).expect(201)).body;
    const changed = { ...payments, layers: [{ ...payments.layers[0], participants: [ALICE] }] };
    expect((await http().put(`/coordination/schedules/${scheduleId}`).send({ ...changed, basedOnVersion: 1 }).expect(200)).body).toEqual({ scheduleId, version: 2 });
    expect((await http().put(`/coordination/schedules/${scheduleId}`).send(changed).expect(200)).body).toEqual({ scheduleId, version: 2 });
    const before = await scheduleEvents();
    const stale = await http().put(`/coordination/schedules/${scheduleId}`).send({ ...payments, basedOnVersion: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'stale_version', errors: [{ field: 'basedOnVersion', reason: expect.stringContaining('version 2') }] });
    expect(await scheduleEvents()).toBe(before);
    const oncall = await http().get(`/coordination/schedules/${scheduleId}/oncall`).query({ at: '2026-03-07T12:00:00Z' }).expect(200);
    expect(oncall.body).toMatchObject({ version: 2, personId: ALICE, layer: 1 });
    expect(coordination.published.some((e) => e.type === 'ScheduleUpdated' && (e.data as { version: number }).version === 2)).toBe(true);
  });

  it('DELETE retires: still readable, nobody on call from then on, not listed, and no longer changeable (409)', async () => {
    const { scheduleId } = (await http().post('/coordination/schedules').send(payments).expect(201)).body;
    await http().delete(`/coordination/schedules/${scheduleId}`).expect(204);
    expect((await http().get(`/coordination/schedules/${scheduleId}`).expect(200)).body).toMatchObject({ status: 'retired', retiredAt: '2026-03-03T09:00:00.000Z' });
    expect((await http().get(`/coordination/schedules/${scheduleId}/oncall`).expect(200)).body).toMatchObject({ personId: null, reason: expect.stringContaining('retired') });
    expect((await http().get(`/coordination/schedules/${scheduleId}/oncall`).query({ at: '2026-03-02T09:00:00Z' }).expect(200)).body.personId).toBe(ALICE);
    const list = await http().get('/coordination/schedules?limit=200').expect(200);
    expect(list.body.items.map((s: { scheduleId: string }) => s.scheduleId)).not.toContain(scheduleId);
    expect((await http().put(`/coordination/schedules/${scheduleId}`).send(payments).expect(409)).body.code).toBe('schedule_retired');
    expect((await http().delete(`/coordination/schedules/${scheduleId}`).expect(409)).body.code).toBe('schedule_retired');
    await http().post(`/coordination/schedules/${scheduleId}/overrides`).send({ personId: CAROL, from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z' }).expect(409);
  });

  it('pages the list with limit and cursor, and refuses a cursor it did not issue', async () => {
    const first = await http().get('/coordination/schedules?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await http().get('/coordination/schedules').query({ limit: 1, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items[0].scheduleId).not.toBe(first.body.items[0].scheduleId);
    expect(fields((await http().get('/coordination/schedules?cursor=nonsense').expect(400)).body)).toEqual(['cursor']);
    expect(fields((await http().get('/coordination/schedules?limit=0').expect(400)).body)).toEqual(['limit']);
  });

  it('documents every schedule route in the OpenAPI document', async () => {
    const doc = (await http().get('/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/coordination/schedules',
        '/coordination/schedules/{id}',
        '/coordination/schedules/{id}/overrides',
        '/coordination/schedules/{id}/overrides/{overrideId}',
        '/coordination/schedules/{id}/oncall',
        '/coordination/schedules/{id}/shifts',
      ]),
    );
    expect(doc.paths['/coordination/schedules/{id}/oncall'].get.parameters.map((p: { name: string }) => p.name)).toContain('at');
  });

  it.each([
    ['a zone that is not IANA', { ...payments, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a UTC offset for a zone', { ...payments, timeZone: '+01:00' }, 'timeZone'],
    ['no layers', { ...payments, layers: [] }, 'layers'],
    ['a layer without participants', { ...payments, layers: [{ ...payments.layers[0], participants: [] }] }, 'layers.0.participants'],
    ['a participant that is not a person id', { ...payments, layers: [{ ...payments.layers[0], participants: ['alice'] }] }, 'layers.0.participants'],
    ['a start that is not a date', { ...payments, layers: [{ ...payments.layers[0], start: '2026-02-30T09:00' }] }, 'layers.0.start'],
    ['a start with an offset', { ...payments, layers: [{ ...payments.layers[0], start: '2026-03-02T09:00Z' }] }, 'layers.0.start'],
    ['a hand-off time of 25:00', { ...payments, layers: [{ ...payments.layers[0], handoffTime: '25:00' }] }, 'layers.0.handoffTime'],
    ['a custom rotation without its length', { ...payments, layers: [{ ...payments.layers[0], rotation: 'custom' }] }, 'layers.0.handoffHours'],
    ['a length on a daily rotation', { ...payments, layers: [{ ...payments.layers[0], rotation: 'daily', handoffHours: 12 }] }, 'layers.0.handoffHours'],
    ['an unknown rotation', { ...payments, layers: [{ ...payments.layers[0], rotation: 'hourly' }] }, 'layers.0.rotation'],
    ['a restriction ending as it starts', { ...payments, layers: [{ ...payments.layers[1], restrictions: [{ days: ['mon'], start: '09:00', end: '09:00' }] }] }, 'layers.0.restrictions.0.end'],
    ['a restriction on no day', { ...payments, layers: [{ ...payments.layers[1], restrictions: [{ days: [], start: '09:00', end: '17:00' }] }] }, 'layers.0.restrictions.0.days'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_, body, field) => {
    const before = await scheduleEvents();
    const res = await http().post('/coordination/schedules').send(body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res.body)).toContain(field);
    expect(await scheduleEvents()).toBe(before);
  });

  it('refuses bad times on overrides, on-call and shifts with a 400 naming the field, and unknown schedules with a 404', async () => {
    const { scheduleId } = (await http().post('/coordination/schedules').send(payments).expect(201)).body;
    const base = `/coordination/schedules/${scheduleId}`;
    const before = await scheduleEvents();
    expect(fields((await http().post(`${base}/overrides`).send({ personId: BOB, from: '2026-03-03T10:00:00Z', to: '2026-03-03T10:00:00Z' }).expect(400)).body)).toEqual(['to']);
    expect(fields((await http().post(`${base}/overrides`).send({ personId: BOB, from: '2026-03-03T10:00', to: '2026-03-03T12:00:00Z' }).expect(400)).body)).toEqual(['from']);
    expect(fields((await http().post(`${base}/overrides`).send({ personId: 'bob', from: '2026-03-03T10:00:00Z', to: '2026-03-03T12:00:00Z' }).expect(400)).body)).toEqual(['personId']);
    expect(await scheduleEvents()).toBe(before);
    expect(fields((await http().get(`${base}/oncall`).query({ at: 'yesterday' }).expect(400)).body)).toEqual(['at']);
    expect(fields((await http().get(`${base}/shifts`).query({ from: '2026-03-03T00:00:00Z', to: '2026-03-02T00:00:00Z' }).expect(400)).body)).toEqual(['to']);
    const tooLong = await http().get(`${base}/shifts`).query({ from: '2026-03-01T00:00:00Z', to: '2026-06-03T00:00:00Z' }).expect(400);
    expect(tooLong.body.errors).toEqual([{ field: 'to', reason: 'to must be at most 93 days after from' }]);
    await http().get(`${base}/shifts`).query({ from: '2026-03-01T00:00:00Z', to: '2026-06-02T00:00:00Z' }).expect(200);
    const unknown = '00000000-0000-4000-8000-000000000999';
    await http().get(`/coordination/schedules/${unknown}`).expect(404);
    await http().get(`/coordination/schedules/${unknown}/oncall`).expect(404);
    await http().get(`/coordination/schedules/${unknown}/shifts`).expect(404);
    await http().put(`/coordination/schedules/${unknown}`).send(payments).expect(404);
    await http().delete(`/coordination/schedules/${unknown}`).expect(404);
    await http().post(`/coordination/schedules/${unknown}/overrides`).send({ personId: BOB, from: '2026-03-03T10:00:00Z', to: '2026-03-03T12:00:00Z' }).expect(404);
    await http().get('/coordination/schedules/not-a-uuid').expect(400);
  });
});
