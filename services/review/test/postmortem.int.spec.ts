import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiToken } from '@linchpin/platform';
import { InProcessBus, ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { ChangeRecordedV2, ServiceRegisteredV1 } from '@linchpin/contracts';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { postmortemStream } from '../src/domain/streams';

/* Issue 16, item 5: postmortems opened by the priority policy or on demand, prefilled from review's timeline, written,
   reviewed and published over HTTP; action items reminded on durable timers, across a restart. */

let position = 0;
const base = Date.parse('2026-02-01T10:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();

/** A foreign event as the bus carries it: it happened (and was recorded) `seconds` after base. */
const event = (incidentId: string, context: string, type: string, data: Record<string, unknown>, seconds: number, actor = `system:${context}`): RecordedEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data: { incidentId, ...data },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: at(seconds) },
  streamId: `${context}-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: at(seconds),
});

const publish = (bus: InProcessBus, context: string, e: RecordedEvent) => bus.publish(topicOf(context), [{ key: e.metadata.incidentId!, event: e }]);

/**
 * An incident's life as its contexts publish it: the first signal a minute before detection, triaged at `priority`,
 * acknowledged 5 minutes after detection, mitigated at 15, a public update, resolved at 30.
 */
async function incidentResolved(bus: InProcessBus, priority: string, title = 'Checkout errors <b>5xx</b>', service = 'checkout'): Promise<string> {
  const incidentId = newId();
  await publish(bus, 'detection', event(incidentId, 'detection', 'IncidentDetected', {
    title, severity: 'critical', source: 'alertmanager', service, labels: {}, alertId: newId(), fingerprint: 'fp', firstSignalAt: at(-60),
  }, 0));
  await publish(bus, 'triage', event(incidentId, 'triage', 'IncidentTriaged', {
    priority, impact: 1, urgency: 2, matrix: { id: 'default', version: 1 }, route: { team: 'payments', ruleId: 'r', ruleVersion: 1 }, service, title, rationale: [],
  }, 10));
  await publish(bus, 'coordination', event(incidentId, 'coordination', 'IncidentAcknowledged', { by: 'alice' }, 300, 'person:alice'));
  await publish(bus, 'coordination', event(incidentId, 'coordination', 'IncidentMitigated', { mitigatedAt: at(900), by: 'alice' }, 900, 'person:alice'));
  await publish(bus, 'comms', event(incidentId, 'comms', 'StatusUpdatePosted', { updateId: newId(), status: 'monitoring', message: 'Fixed; watching' }, 1000, 'person:alice'));
  await publish(bus, 'coordination', event(incidentId, 'coordination', 'IncidentResolved', { by: 'alice', resolution: 'Rolled back release 42' }, 1800, 'person:alice'));
  return incidentId;
}

describe('postmortems over HTTP (SQLite + in-process bus)', () => {
  const viewer = generateApiToken();
  const responder = generateApiToken();
  const manager = generateApiToken();
  const clock = new ManualClock(at(86_400));
  let review: ServiceApp;
  let bus: InProcessBus;

  beforeAll(async () => {
    review = await startServiceApp({
      service: REVIEW_SERVICE,
      module: ReviewModule,
      clock,
      observe: [topicOf('review')],
      apiTokens: { [viewer]: { roles: ['viewer'] }, [responder]: { roles: ['responder'] }, [manager]: { roles: ['incident-manager'] } },
    });
    bus = review.bus;
  });
  afterAll(() => review.close());

  const pm = (incidentId: string, suffix = '') => `/review/incidents/${incidentId}/postmortem${suffix}`;
  const opened = (incidentId: string) =>
    eventually('the postmortem opened', async () => {
      const r = await review.httpAs(viewer).get(pm(incidentId));
      return r.status === 200 ? r.body : undefined;
    });

  it('opens a P1’s postmortem when it resolves, prefilled from the timeline with review’s own metrics, then written, reviewed and published', async () => {
    const incidentId = await incidentResolved(bus, 'P1');
    const draft = await opened(incidentId);
    expect(draft).toMatchObject({
      incidentId,
      status: 'draft',
      trigger: 'policy',
      priorityWhenOpened: 'P1',
      requiredFor: ['P1', 'P2'],
      policyVersion: 1,
      openedBy: 'system:review',
      summary: { title: 'Checkout errors <b>5xx</b>', service: 'checkout', priority: 'P1', team: 'payments', resolvedBy: 'alice', resolution: 'Rolled back release 42' },
      impact: { impact: 1, urgency: 2, service: 'checkout', lastPublicUpdate: { phase: 'monitoring', message: 'Fixed; watching' } },
      metrics: { timeToDetect: 60, timeToAcknowledge: 300, timeToMitigate: 900, timeToResolve: 1800, mitigation: 'recorded' },
      changesBeforeIncident: [],
      changesWindowHours: 24,
      actionItems: [],
    });
    expect(draft.timeline.map((e: { type: string }) => e.type)).toEqual(['IncidentDetected', 'IncidentTriaged', 'IncidentAcknowledged', 'IncidentMitigated', 'StatusUpdatePosted', 'IncidentResolved']);
    expect(draft.sections.map((s: { section: string; text: string }) => [s.section, s.text])).toEqual([['contributing-factors', ''], ['went-well', ''], ['went-poorly', ''], ['lessons', '']]);
    // The figures are review's metrics, not a second computation: the metrics route as of the same moment answers the same.
    const metrics = await review.httpAs(viewer).get(`/review/incidents/${incidentId}/metrics`).query({ at: draft.metrics.asOf }).expect(200);
    expect(draft.metrics).toEqual(metrics.body);

    // A viewer reads, a responder writes.
    await review.httpAs(viewer).put(pm(incidentId, '/sections/lessons')).send({ text: 'x' }).expect(403);
    const hostile = '<script>alert(1)</script> & "quoted" | piped';
    await review.httpAs(responder).put(pm(incidentId, '/sections/contributing-factors')).send({ text: hostile }).expect(200);
    await review.httpAs(responder).put(pm(incidentId, '/sections/went-well')).send({ text: 'Paged within a minute' }).expect(200);
    await review.httpAs(responder).put(pm(incidentId, '/sections/went-poorly')).send({ text: 'No canary\nNo rollback button' }).expect(200);
    const written = await review.httpAs(responder).put(pm(incidentId, '/sections/lessons')).send({ text: 'Canaries catch this' }).expect(200);
    expect(written.body.sections.find((s: { section: string }) => s.section === 'lessons')).toMatchObject({ text: 'Canaries catch this', editedBy: expect.stringMatching(/^token:/) });

    const bad = await review.httpAs(responder).put(pm(incidentId, '/sections/root-cause')).send({ text: 'x' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['section']);
    const tooLong = await review.httpAs(responder).put(pm(incidentId, '/sections/lessons')).send({ text: 'x'.repeat(20_001) }).expect(400);
    expect(tooLong.body.errors.map((e: { field: string }) => e.field)).toEqual(['text']);

    const item = await review.httpAs(responder).post(pm(incidentId, '/action-items')).send({ title: 'Make the canary stage mandatory', owner: 'alice', dueDate: '2026-03-15' }).expect(201);
    expect(item.body).toMatchObject({ incidentId, title: 'Make the canary stage mandatory', owner: 'alice', dueDate: '2026-03-15', dueAt: '2026-03-16T00:00:00.000Z', status: 'open', overdue: false });
    for (const [body, field] of [
      [{ title: 'x', owner: 'alice', dueDate: '2026-02-30' }, 'dueDate'],
      [{ title: 'x', owner: 'alice', dueDate: '15/03/2026' }, 'dueDate'],
      [{ title: '  ', owner: 'alice' }, 'title'],
      [{ title: 'x' }, 'owner'],
    ] as const) {
      const refused = await review.httpAs(responder).post(pm(incidentId, '/action-items')).send(body).expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const status = await review.httpAs(responder).patch(pm(incidentId, `/action-items/${newId()}`)).send({ status: 'done' }).expect(404);
    expect(status.headers['content-type']).toContain('application/problem+json');
    const badStatus = await review.httpAs(responder).patch(pm(incidentId, `/action-items/${item.body.actionItemId}`)).send({ status: 'finished' }).expect(400);
    expect(badStatus.body.errors.map((e: { field: string }) => e.field)).toEqual(['status']);

    // Workflow: a responder asks for review, only an incident-manager publishes; a step from the wrong status is a 409.
    await review.httpAs(responder).post(pm(incidentId, '/publish')).expect(403);
    const early = await review.httpAs(manager).post(pm(incidentId, '/publish')).expect(409);
    expect(early.body.code).toBe('invalid_transition');
    await review.httpAs(responder).post(pm(incidentId, '/review')).expect(200);
    clock.set(at(90_000));
    const published = await review.httpAs(manager).post(pm(incidentId, '/publish')).expect(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: at(90_000), publishedBy: expect.stringMatching(/^token:/), metrics: { asOf: at(90_000), timeToResolve: 1800 } });
    expect(published.body.history.map((h: { from: string; to: string }) => `${h.from}>${h.to}`)).toEqual(['draft>in-review', 'in-review>published']);
    expect((await review.httpAs(manager).post(pm(incidentId, '/publish')).expect(409)).body.code).toBe('invalid_transition');
    expect((await review.httpAs(responder).put(pm(incidentId, '/sections/lessons')).send({ text: 'later' }).expect(409)).body.code).toBe('postmortem_published');
    // Follow-ups go on after publication.
    const done = await review.httpAs(responder).patch(pm(incidentId, `/action-items/${item.body.actionItemId}`)).send({ status: 'done' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false });

    // Rendered: Markdown and HTML, people's text never run as markup.
    const md = await review.httpAs(viewer).get(pm(incidentId, '.md')).expect(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.text).toContain('# Postmortem: Checkout errors &lt;b&gt;5xx&lt;/b&gt;');
    expect(md.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted" | piped');
    expect(md.text).not.toContain('<script>');
    expect(md.text).toContain('| Time to acknowledge | 5m 00s (300 s) |');
    expect(md.text).toContain('| Make the canary stage mandatory | alice | 2026-03-15 | done |');
    const html = await review.httpAs(viewer).get(pm(incidentId, '.html')).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; | piped');
    expect(html.text).toContain('Checkout errors &lt;b&gt;5xx&lt;/b&gt;');
    expect(html.text).not.toMatch(/<script|<b>/);

    // Reopened by an incident-manager, with a reason; published facts stay in the stream.
    const noReason = await review.httpAs(manager).post(pm(incidentId, '/reopen')).send({}).expect(400);
    expect(new Set(noReason.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
    const reopened = await review.httpAs(manager).post(pm(incidentId, '/reopen')).send({ reason: 'A second cause was found' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'draft', publishedAt: null, history: [{}, {}, { from: 'published', to: 'draft', reason: 'A second cause was found' }] });

    // Published on review's topic as contracts, for anyone to consume.
    const relayed = await eventually('the postmortem events relayed', async () => {
      const types = review.published.filter((e) => e.streamId === postmortemStream(incidentId)).map((e) => e.type);
      return types.includes('ActionItemUpdated') && types.filter((t) => t === 'PostmortemStatusChanged').length === 3 ? types : undefined;
    });
    expect(relayed).toEqual(expect.arrayContaining(['PostmortemOpened', 'PostmortemSectionEdited', 'ActionItemAdded', 'TimerScheduled', 'TimerCancelled']));
  });

  it('shows the changes to the incident’s services and their dependencies in the window before it (JSON, Markdown, HTML)', async () => {
    // Triage's catalog (basket depends on pricing) and detection's changes, as their contexts publish them.
    const other = async (context: string, streamId: string, definition: { create: (id: string, data: never, metadata: never) => object }, data: Record<string, unknown>, seconds: number, revision = 0) => {
      const created = definition.create(newId(), data as never, { correlationId: newId(), causationId: newId(), actor: `system:${context}`, occurredAt: at(seconds) } as never);
      await bus.publish(topicOf(context), [{ key: streamId, event: { ...created, streamId, revision, position: ++position, recordedAt: at(seconds) } as RecordedEvent }]);
    };
    await other('triage', 'service-basket', ServiceRegisteredV1, { name: 'basket', tier: 1, owningTeam: 'payments', dependsOn: ['pricing'], version: 1 }, -864_000);
    await other('triage', 'service-pricing', ServiceRegisteredV1, { name: 'pricing', tier: 2, owningTeam: 'payments', dependsOn: [], version: 1 }, -864_000);
    const change = async (services: string[], summary: string, seconds: number) => {
      const changeId = newId();
      await other('detection', `change-${changeId}`, ChangeRecordedV2, {
        changeId, integrationId: null, services, summary, timestamp: at(seconds), receivedAt: at(seconds), source: 'ci', customDetails: null, customDetailsTruncated: false,
        links: [{ href: 'https://ci.example.com/pricing/12', text: 'Pipeline <12>' }],
      }, seconds);
      return changeId;
    };
    const inside = await change(['pricing'], 'Deploy pricing v12 <canary>', -2 * 3600);
    await change(['pricing'], 'Deploy pricing v11 (a day and more before)', -25 * 3600);
    await change(['search'], 'Reindex search (not a dependency)', -3600);
    const incidentId = await incidentResolved(bus, 'P1', 'Basket errors', 'basket');

    const postmortem = await opened(incidentId);
    expect(postmortem.changesWindowHours).toBe(24);
    expect(postmortem.changesBeforeIncident).toEqual([
      expect.objectContaining({ changeId: inside, summary: 'Deploy pricing v12 <canary>', at: at(-7200), service: 'pricing', relation: 'dependency', via: ['basket', 'pricing'], source: 'ci' }),
    ]);
    // The timeline's `?at=` state as of the postmortem's moment lists the same changes: one choice, `changesBefore`.
    const timeline = await review.httpAs(viewer).get(`/review/incidents/${incidentId}/timeline`).query({ at: postmortem.metrics.asOf }).expect(200);
    expect(timeline.body.state.changes).toEqual(postmortem.changesBeforeIncident);

    const markdown = (await review.httpAs(viewer).get(pm(incidentId, '.md')).expect(200)).text;
    const changes = markdown.slice(markdown.indexOf('## Changes before the incident'), markdown.indexOf('## Contributing factors'));
    expect(changes).toContain(`| ${at(-7200)} | pricing | dependency: basket → pricing | Deploy pricing v12 &lt;canary&gt; | ci |`);
    expect(changes).not.toContain('v11');
    expect(changes).not.toContain('search');
    const html = (await review.httpAs(viewer).get(pm(incidentId, '.html')).expect(200)).text;
    const htmlChanges = html.slice(html.indexOf('<h2>Changes before the incident</h2>'), html.indexOf('<h2>Contributing factors</h2>'));
    expect(htmlChanges).toContain('Deploy pricing v12 &lt;canary&gt;');
    expect(htmlChanges).toContain('<a href="https://ci.example.com/pricing/12" rel="noopener noreferrer">Pipeline &lt;12&gt;</a>');
    expect(htmlChanges).not.toContain('v11');
    expect(htmlChanges).not.toContain('Reindex');
  });

  it('opens none for a P3 unless asked, once; a changed policy (a new version) opens the next P3’s', async () => {
    const p3 = await incidentResolved(bus, 'P3');
    await review.httpAs(viewer).get(`/review/incidents/${p3}/timeline`).expect(200);
    await review.httpAs(viewer).get(pm(p3)).expect(404);
    await review.httpAs(viewer).post(pm(p3)).expect(403);
    const asked = await review.httpAs(responder).post(pm(p3)).expect(201);
    expect(asked.body).toMatchObject({ status: 'draft', trigger: 'responder', priorityWhenOpened: 'P3', requiredFor: null, openedBy: expect.stringMatching(/^token:/) });
    expect((await review.httpAs(responder).post(pm(p3)).expect(409)).body.code).toBe('already_open');
    await review.httpAs(responder).post(pm(newId())).expect(404);
    const notAnId = await review.httpAs(viewer).get(pm('not-an-id')).expect(400);
    // A path id that is no UUID is the platform's ParseUUIDPipe 400, as on every route.
    expect(notAnId.headers['content-type']).toContain('application/problem+json');
    await review.httpAs(viewer).get(pm(newId(), '.md')).expect(404);

    expect((await review.httpAs(viewer).get('/review/postmortem-policy').expect(200)).body).toMatchObject({ version: 1, requiredFor: ['P1', 'P2'] });
    await review.httpAs(responder).put('/review/postmortem-policy').send({ requiredFor: ['P1'] }).expect(403);
    const wrong = await review.httpAs(manager).put('/review/postmortem-policy').send({ requiredFor: ['P0'] }).expect(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toContain('requiredFor');
    const changed = await review.httpAs(manager).put('/review/postmortem-policy').send({ requiredFor: ['P3', 'P1', 'P2'] }).expect(200);
    expect(changed.body).toMatchObject({ version: 2, requiredFor: ['P1', 'P2', 'P3'] });
    const next = await incidentResolved(bus, 'P3');
    expect(await opened(next)).toMatchObject({ trigger: 'policy', priorityWhenOpened: 'P3', requiredFor: ['P1', 'P2', 'P3'], policyVersion: 2 });
  });
});

describe('action item reminders on durable timers (ManualClock, a restart in the middle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-postmortem-timers-'));
  const sqlitePath = join(dir, 'review.db');
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const start = () => startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock, sqlitePath, observe: [topicOf('review')] });
  let review: ServiceApp | undefined;

  afterAll(async () => {
    await review?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const item = (incidentId: string, actionItemId: string) => async () => {
    const r = await review!.http().get(`/review/incidents/${incidentId}/postmortem`);
    return r.body.actionItems.find((i: { actionItemId: string }) => i.actionItemId === actionItemId);
  };
  const overdueEvents = async (incidentId: string) => (await review!.store.readStream(postmortemStream(incidentId))).filter((e) => e.type === 'ActionItemOverdue');

  it('reminds an open item once when its due day ends, also when that happened while review was down; never a done one', async () => {
    review = await start();
    const incidentId = await incidentResolved(review.bus, 'P1');
    await eventually('opened', async () => ((await review!.http().get(`/review/incidents/${incidentId}/postmortem`)).status === 200 ? true : undefined));
    const add = async (title: string, dueDate: string) =>
      (await review!.http().post(`/review/incidents/${incidentId}/postmortem/action-items`).send({ title, owner: 'alice', dueDate }).expect(201)).body.actionItemId as string;
    const early = await add('Add a rollback button', '2026-03-05');
    const late = await add('Make the canary mandatory', '2026-03-20');
    const finished = await add('Write the runbook', '2026-03-05');
    await review.http().patch(`/review/incidents/${incidentId}/postmortem/action-items/${finished}`).send({ status: 'done' }).expect(200);

    // Review stops; the first due day ends while it is down.
    await review.close();
    review = undefined;
    clock.set('2026-03-06T08:00:00.000Z');
    review = await start();
    const overdue = await eventually('the early item reminded at start', item(incidentId, early), 10_000);
    // Overdue is said from the due date at once; the reminder is the timer's `ActionItemOverdue` (`overdueFor`).
    await eventually('reminded', async () => ((await item(incidentId, early)()).overdueFor ? true : undefined));
    expect(await item(incidentId, early)()).toMatchObject({ status: 'open', overdue: true, overdueFor: '2026-03-05', overdueAt: '2026-03-06T00:00:00.000Z' });
    expect(overdue.actionItemId).toBe(early);
    expect(await item(incidentId, late)()).toMatchObject({ overdue: false });
    expect(await item(incidentId, finished)()).toMatchObject({ status: 'done', overdue: false });

    // While it runs, the clock moves past the second due day: reminded then.
    clock.set('2026-03-21T00:00:01.000Z');
    await eventually('the late item reminded when the clock passed its due day', async () => ((await item(incidentId, late)()).overdueFor ? true : undefined));
    const reminders = await overdueEvents(incidentId);
    expect(reminders.map((e) => e.data)).toEqual([
      { incidentId, actionItemId: early, title: 'Add a rollback button', owner: 'alice', dueDate: '2026-03-05', dueAt: '2026-03-06T00:00:00.000Z' },
      { incidentId, actionItemId: late, title: 'Make the canary mandatory', owner: 'alice', dueDate: '2026-03-20', dueAt: '2026-03-21T00:00:00.000Z' },
    ]);
    expect(reminders[0].metadata).toMatchObject({ actor: 'system:review', incidentId, occurredAt: '2026-03-06T08:00:00.000Z' });
    // Published on review's topic, where a notifier can deliver it.
    await eventually('ActionItemOverdue relayed', async () => (review!.published.filter((e) => e.type === 'ActionItemOverdue').length === 2 ? true : undefined));

    // A second restart fires nothing again.
    await review.close();
    review = await start();
    await review.http().get(`/review/incidents/${incidentId}/postmortem`).expect(200);
    clock.advance(60_000);
    expect(await overdueEvents(incidentId)).toHaveLength(2);
  });
});
