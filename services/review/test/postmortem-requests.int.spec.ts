import { generateApiToken } from '@linchpin/platform';
import { InProcessBus, ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { postmortemStream } from '../src/domain/streams';

/* Issue 16, a newcomer's walk-through of postmortems: request bodies checked as on every route, an action item overdue
   from its due date (not only once its reminder fired), who cleared a section kept, the workflow history rendered. */

let position = 0;
const base = Date.parse('2026-02-01T10:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();

const event = (incidentId: string, context: string, type: string, data: Record<string, unknown>, seconds: number): RecordedEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data: { incidentId, ...data },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor: `system:${context}`, occurredAt: at(seconds) },
  streamId: `${context}-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: at(seconds),
});

/** An incident review heard of (detected, triaged at P3: no postmortem by policy). */
async function incidentKnown(bus: InProcessBus): Promise<string> {
  const incidentId = newId();
  await bus.publish(topicOf('detection'), [
    { key: incidentId, event: event(incidentId, 'detection', 'IncidentDetected', { title: 'Checkout errors', severity: 'critical', source: 'alertmanager', service: 'checkout', labels: {}, alertId: newId(), fingerprint: 'fp', firstSignalAt: at(-60) }, 0) },
  ]);
  return incidentId;
}

describe('postmortem requests and renderings (SQLite + in-process bus)', () => {
  const viewer = generateApiToken();
  const responder = generateApiToken();
  const manager = generateApiToken();
  // Now is 2026-03-10, midday.
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  let review: ServiceApp;

  beforeAll(async () => {
    review = await startServiceApp({
      service: REVIEW_SERVICE,
      module: ReviewModule,
      clock,
      apiTokens: { [viewer]: { roles: ['viewer'] }, [responder]: { roles: ['responder'] }, [manager]: { roles: ['incident-manager'] } },
    });
  });
  afterAll(() => review.close());

  const pm = (incidentId: string, suffix = '') => `/review/incidents/${incidentId}/postmortem${suffix}`;
  const known = async () => {
    const incidentId = await incidentKnown(review.bus);
    await eventually('review heard of the incident', async () => ((await review.httpAs(viewer).get(`/review/incidents/${incidentId}/timeline`)).status === 200 ? true : undefined));
    return incidentId;
  };
  const fields = (r: { body: { errors: { field: string }[] } }) => r.body.errors.map((e) => e.field);

  it('refuses unknown properties and bodies that are no JSON object on the routes that take nothing, as every route does', async () => {
    const incidentId = await known();
    const unknown = await review.httpAs(responder).post(pm(incidentId)).send({ trigger: 'policy' }).expect(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(fields(unknown)).toEqual(['trigger']);
    expect(fields(await review.httpAs(responder).post(pm(incidentId)).send([]).expect(400))).toEqual(['body']);
    await review.httpAs(viewer).get(pm(incidentId)).expect(404);
    await review.httpAs(responder).post(pm(incidentId)).expect(201);
    await review.httpAs(responder).post(pm(incidentId, '/review')).send({ force: true }).expect(400);
    await review.httpAs(manager).post(pm(incidentId, '/publish')).send(['now']).expect(400);
    expect((await review.httpAs(viewer).get(pm(incidentId))).body.status).toBe('draft');
  });

  it('says a missing section text is required, not that it is too long', async () => {
    const incidentId = await known();
    await review.httpAs(responder).post(pm(incidentId)).expect(201);
    const missing = await review.httpAs(responder).put(pm(incidentId, '/sections/lessons')).send({}).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'text', reason: expect.stringMatching(/^text is required/) }]);
  });

  it('keeps who cleared a section and when', async () => {
    const incidentId = await known();
    await review.httpAs(responder).post(pm(incidentId)).expect(201);
    await review.httpAs(responder).put(pm(incidentId, '/sections/lessons')).send({ text: 'Canaries catch this' }).expect(200);
    clock.set('2026-03-10T12:30:00.000Z');
    const cleared = await review.httpAs(manager).put(pm(incidentId, '/sections/lessons')).send({ text: '' }).expect(200);
    expect(cleared.body.sections.find((s: { section: string }) => s.section === 'lessons')).toEqual({
      section: 'lessons',
      title: 'Lessons',
      text: '',
      editedAt: '2026-03-10T12:30:00.000Z',
      editedBy: expect.stringMatching(/^token:/),
    });
    clock.set('2026-03-10T12:00:00.000Z');
  });

  it('answers an open item whose due day has ended as overdue at once, from its due date and now; done, it is not', async () => {
    const incidentId = await known();
    await review.httpAs(responder).post(pm(incidentId)).expect(201);
    const past = await review.httpAs(responder).post(pm(incidentId, '/action-items')).send({ title: 'Add a rollback button', owner: 'alice', dueDate: '2026-03-01' }).expect(201);
    expect(past.body).toMatchObject({ status: 'open', dueAt: '2026-03-02T00:00:00.000Z', overdue: true });
    const today = await review.httpAs(responder).post(pm(incidentId, '/action-items')).send({ title: 'Write the runbook', owner: 'alice', dueDate: '2026-03-10' }).expect(201);
    expect(today.body).toMatchObject({ overdue: false });
    const read = await review.httpAs(viewer).get(pm(incidentId)).expect(200);
    expect(read.body.actionItems.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, false]);
    const done = await review.httpAs(responder).patch(pm(incidentId, `/action-items/${past.body.actionItemId}`)).send({ status: 'done' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false });
  });

  it('shows the workflow history, reopen reasons included, in postmortem.md and postmortem.html', async () => {
    const incidentId = await known();
    await review.httpAs(responder).post(pm(incidentId)).expect(201);
    await review.httpAs(responder).post(pm(incidentId, '/review')).expect(200);
    await review.httpAs(manager).post(pm(incidentId, '/publish')).expect(200);
    await review.httpAs(manager).post(pm(incidentId, '/reopen')).send({ reason: 'A second cause <was> found | vendor' }).expect(200);
    const md = (await review.httpAs(viewer).get(pm(incidentId, '.md')).expect(200)).text;
    expect(md).toContain('## History');
    expect(md).toMatch(/\| 2026-03-10T12:00:00\.000Z \| draft → in-review \| token:[^|]+ \| — \|/);
    expect(md).toMatch(/\| published → draft \| token:[^|]+ \| A second cause &lt;was&gt; found \\\| vendor \|/);
    const html = (await review.httpAs(viewer).get(pm(incidentId, '.html')).expect(200)).text;
    expect(html).toContain('<h2>History</h2>');
    expect(html).toContain('<td>published → draft</td>');
    expect(html).toContain('A second cause &lt;was&gt; found | vendor');
  });

  it('shows whether an item’s overdue reminder reached its owner, from comms’ delivery events on review’s own timeline', async () => {
    const incidentId = await known();
    await review.httpAs(responder).post(pm(incidentId)).expect(201);
    const added = await review.httpAs(responder).post(pm(incidentId, '/action-items')).send({ title: 'Add a rollback button', owner: newId(), dueDate: '2026-03-01' }).expect(201);
    expect(added.body.reminder).toBeNull();
    const reminder = await eventually('the reminder recorded', async () => (await review.store.readStream(postmortemStream(incidentId))).find((e) => e.type === 'ActionItemOverdue'));
    const item = async () => (await review.httpAs(viewer).get(pm(incidentId))).body.actionItems[0];
    await eventually('the reminder shown', async () => ((await item()).reminder ? true : undefined));
    expect((await item()).reminder).toEqual({ status: 'pending', at: null });

    // Comms could not deliver it (the owner's webhook answered 500 every time): its dead letter reaches review's timeline.
    const failed = {
      ...event(incidentId, 'comms', 'NotificationFailed', { deliveryId: newId(), kind: 'action-item-reminder', subjectId: reminder.id, target: 'person:p/contact:c', attempts: 6, error: 'receiver answered HTTP 500', statusCode: 500 }, 0),
      schemaVersion: 2,
      metadata: { incidentId, correlationId: incidentId, causationId: reminder.id, actor: 'system:comms', occurredAt: '2026-03-10T12:31:00.000Z' },
    };
    await review.bus.publish(topicOf('comms'), [{ key: incidentId, event: failed }]);
    await eventually('the failure shown', async () => ((await item()).reminder.status === 'failed' ? true : undefined));
    expect((await item()).reminder).toEqual({ status: 'failed', at: '2026-03-10T12:31:00.000Z' });
    expect((await review.httpAs(viewer).get(pm(incidentId, '.md'))).text).toContain('| open (overdue; reminder failed 2026-03-10T12:31:00.000Z) |');
  });
});
