import { generateApiToken } from '@linchpin/platform';
import { InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { ACTION_ITEM_TITLE_MAX_LENGTH, POSTMORTEM_SECTION_MAX_LENGTH, TIMELINE_NOTE_MAX_LENGTH, eventContracts } from '@linchpin/contracts';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/*
 * The API takes no text its own event contracts refuse: a contract's maxLength counts UTF-16 code units, so an emoji
 * (two units) counts twice here too. Before, class-validator's MaxLength counted code points: 4000 emoji passed the
 * route and broke the TimelineNoteAdded contract, and consumers dead-lettered the event.
 */

const emoji = (count: number) => '😀'.repeat(count);
let position = 0;
const event = (incidentId: string, context: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data: { incidentId, ...data },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor: `system:${context}`, occurredAt: '2026-02-01T10:00:00.000Z' },
  streamId: `${context}-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: '2026-02-01T10:00:01.000Z',
});

describe('text limits as the event contracts count them (UTF-16 code units), over HTTP', () => {
  const responder = generateApiToken();
  const manager = generateApiToken();
  let review: ServiceApp;
  let bus: InProcessBus;
  let incidentId: string;
  const as = (token: string) => review.httpAs(token);
  const pm = (suffix = '') => `/review/incidents/${incidentId}/postmortem${suffix}`;
  const refusedField = async (response: Promise<{ status: number; body: { errors?: { field: string; reason: string }[] } }>, field: string) => {
    const { status, body } = await response;
    expect([status, body.errors?.map((e) => e.field)]).toEqual([400, [field]]);
    expect(body.errors![0].reason).toContain('UTF-16 code units');
  };

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, apiTokens: { [responder]: { roles: ['responder'] }, [manager]: { roles: ['incident-manager'] } } });
    ({ bus } = review);
    incidentId = newId();
    await bus.publish(topicOf('detection'), [{ key: incidentId, event: event(incidentId, 'detection', 'IncidentDetected', {
      title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: {}, alertId: newId(), fingerprint: 'fp', firstSignalAt: '2026-02-01T09:59:00.000Z',
    }) }]);
    await eventually('review knows the incident', async () => ((await review.http().get(`/review/incidents/${incidentId}/timeline`)).status === 200 ? true : undefined));
    await as(responder).post(pm()).expect(201);
  });
  afterAll(() => review.close());

  it('a note or a correction: the contract’s 4000 units, so 2000 emoji and no more', async () => {
    const notes = `/review/incidents/${incidentId}/notes`;
    await refusedField(as(responder).post(notes).send({ text: emoji(TIMELINE_NOTE_MAX_LENGTH) }), 'text');
    await refusedField(as(responder).post(notes).send({ text: `${emoji(TIMELINE_NOTE_MAX_LENGTH / 2)}x` }), 'text');
    const { noteId } = (await as(responder).post(notes).send({ text: emoji(TIMELINE_NOTE_MAX_LENGTH / 2) }).expect(201)).body;
    await refusedField(as(responder).post(`${notes}/${noteId}/corrections`).send({ text: `x${emoji(TIMELINE_NOTE_MAX_LENGTH / 2)}` }), 'text');
    await as(responder).post(`${notes}/${noteId}/corrections`).send({ text: `${emoji(TIMELINE_NOTE_MAX_LENGTH / 2 - 1)}xy` }).expect(201);
  });

  it('an action item’s title (500 units) and owner (200), a section (20000), a reason (2000)', async () => {
    await refusedField(as(responder).post(pm('/action-items')).send({ title: emoji(300), owner: 'alice' }), 'title');
    await refusedField(as(responder).post(pm('/action-items')).send({ title: 'x', owner: emoji(101) }), 'owner');
    const item = (await as(responder).post(pm('/action-items')).send({ title: emoji(ACTION_ITEM_TITLE_MAX_LENGTH / 2), owner: emoji(100) }).expect(201)).body;
    await refusedField(as(responder).patch(pm(`/action-items/${item.actionItemId}`)).send({ title: `${emoji(ACTION_ITEM_TITLE_MAX_LENGTH / 2)}!` }), 'title');
    await refusedField(as(responder).patch(pm(`/action-items/${item.actionItemId}`)).send({ owner: `${emoji(100)}!` }), 'owner');

    await refusedField(as(responder).put(pm('/sections/lessons')).send({ text: `${emoji(POSTMORTEM_SECTION_MAX_LENGTH / 2)}x` }), 'text');
    await as(responder).put(pm('/sections/lessons')).send({ text: emoji(POSTMORTEM_SECTION_MAX_LENGTH / 2) }).expect(200);

    await as(responder).post(pm('/review')).expect(200);
    await refusedField(as(responder).post(pm('/return-to-draft')).send({ reason: emoji(1001) }), 'reason');
    await as(responder).post(pm('/return-to-draft')).send({ reason: emoji(1000) }).expect(200);
    await as(responder).post(pm('/review')).expect(200);
    await as(manager).post(pm('/publish')).expect(200);
    await refusedField(as(manager).post(pm('/reopen')).send({ reason: emoji(1001) }), 'reason');
    await as(manager).post(pm('/reopen')).send({ reason: emoji(1000) }).expect(200);
  });

  it('so every event the routes recorded passes its own contract', async () => {
    const stored = [...(await review.store.readStream(`timeline-${incidentId}`)), ...(await review.store.readStream(`postmortem-${incidentId}`))];
    const broken = stored.flatMap((e) => {
      const verdict = eventContracts.check(e);
      return verdict.kind === 'invalid' ? verdict.errors.map((reason) => `${e.type}: ${reason}`) : [];
    });
    expect(stored.length).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });
});
