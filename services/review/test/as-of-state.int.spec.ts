import { asAdmin } from '@linchpin/testing';
import { InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import {
  AlertFiredV2,
  AlertJoinedIncidentV1,
  EscalationLevelReachedV4,
  IncidentAcknowledgedV1,
  IncidentAlertResolvedV1,
  IncidentDetectedV1,
  IncidentRoleAssignedV1,
  IncidentStatusChangedV1,
  IncidentTriagedV1,
  ResponderPagedV3,
  RespondersAddedV1,
  SlaClockStoppedV1,
  SlaClocksStartedV1,
  StatusUpdatePostedV1,
  StatusUpdatePostedV2,
  UpdateOverdueV1,
} from '@linchpin/contracts';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/*
 * Issue 16, item 2: `GET /review/incidents/{id}/timeline?at=` answers the incident's whole state then, across
 * contexts, folded from review's own timeline: who was paged and responding and in which role, the alerts still
 * open, the deadlines pending with when they fall due, and what each audience had been told.
 */
const base = Date.parse('2026-03-03T09:00:00.000Z');
const t = (seconds: number) => new Date(base + seconds * 1000).toISOString();
const MIN = 60;
let position = 0;

type Definition = { create: (id: string, data: never, metadata: never) => { id: string; type: string; schemaVersion: number; data: unknown; metadata: unknown } };

describe('the state as of a moment over HTTP (SQLite + in-process bus)', () => {
  let review: ServiceApp;
  let bus: InProcessBus;
  const incidentId = newId();
  const alice = newId();
  const bob = newId();
  const carol = newId();
  const [a1, a2] = [newId(), newId()];

  /** An event as its context publishes it, happened and recorded `seconds` after base. */
  const publish = async <D extends Definition>(context: string, definition: D, data: Record<string, unknown>, seconds: number, actor = `system:${context}`) => {
    const metadata = { incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: t(seconds) };
    const event = definition.create(newId(), { incidentId, ...data } as never, metadata as never);
    const recorded = { ...event, streamId: `${context}-${incidentId}`, revision: position, position: ++position, recordedAt: t(seconds) } as RecordedEvent;
    await bus.publish(topicOf(context), [{ key: incidentId, event: recorded }]);
  };
  const stateAt = async (seconds: number) => (await asAdmin(review.app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).query({ at: t(seconds) }).expect(200)).body.state;

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule });
    ({ bus } = review);
    const notified = (personId: string, name: string) => ({ pageId: newId(), personId, name, contactMethodId: newId(), contactKind: 'webhook', via: { kind: 'person', id: personId, reason: 'on call' } });
    const page = (personId: string, responder: string, seconds: number) =>
      publish('coordination', ResponderPagedV3, { pageId: newId(), teamId: carol, team: 'payments', personId, responder, contactMethodId: newId(), contactKind: 'webhook', priority: 'P1', title: 'Checkout errors', escalationLevel: 1, reason: 'on call' }, seconds);
    const policy = { policyId: carol, version: 1, name: 'Payments' };

    await publish('detection', AlertFiredV2, { alertId: a1, fingerprint: 'fp-1', source: 'prometheus', summary: 'checkout 5xx > 5%', severity: 'critical', labels: { service: 'checkout' }, service: 'checkout', startsAt: t(-60) }, 0);
    await publish('detection', IncidentDetectedV1, { title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: { service: 'checkout' }, alertId: a1, fingerprint: 'fp-1', firstSignalAt: t(-60) }, 0);
    await publish('triage', IncidentTriagedV1, { priority: 'P1', impact: 1, urgency: 1, matrix: { id: 'default', version: 1 }, route: { team: 'payments', ruleId: 'r-1', ruleVersion: 1 }, title: 'Checkout errors', rationale: ['tier 1'] }, 1);
    await publish('coordination', SlaClocksStartedV1, {
      slaVersion: 1, priority: 'P1', startedAt: t(2),
      clocks: [{ target: 'acknowledge', minutes: 5, dueAt: t(2 + 5 * MIN) }, { target: 'resolve', minutes: 240, dueAt: t(2 + 240 * MIN) }],
      targets: { P1: { acknowledgeMinutes: 5, resolveMinutes: 240 }, P2: {}, P3: {}, P4: {}, P5: {} },
    }, 2);
    await publish('coordination', EscalationLevelReachedV4, { policy, level: 1, repeat: 0, paged: [notified(alice, 'alice')], skipped: [], deadlineAt: t(2 + 5 * MIN), reason: 'incident opened', schedules: [], teams: [] }, 2);
    await page(alice, 'alice', 2);
    await publish('detection', AlertJoinedIncidentV1, { alertId: a2, fingerprint: 'fp-2', severity: 'warning', service: 'payments', startsAt: t(30) }, 40);
    await publish('comms', StatusUpdatePostedV2, { updateId: newId(), audience: 'responders', status: 'investigating', message: 'Looking at checkout 5xx', impact: 'major', eta: null, template: null }, 60);
    await publish('coordination', IncidentAcknowledgedV1, { by: 'alice' }, 120, 'user:alice');
    await publish('coordination', SlaClockStoppedV1, { target: 'acknowledge', cause: 'acknowledged', stoppedAt: t(120), outcome: 'met', dueAt: t(2 + 5 * MIN) }, 121);
    await publish('coordination', IncidentRoleAssignedV1, { role: 'commander', personId: alice, name: 'alice', by: 'user:alice' }, 130, 'user:alice');
    await publish('coordination', RespondersAddedV1, { by: 'user:alice', responders: [{ personId: bob, name: 'bob', pageId: newId() }] }, 140, 'user:alice');
    await page(bob, 'bob', 140);
    await publish('coordination', IncidentRoleAssignedV1, { role: 'communications-lead', personId: bob, name: 'bob', by: 'user:alice' }, 150, 'user:alice');
    await publish('coordination', IncidentStatusChangedV1, { from: 'acknowledged', to: 'identified', by: 'alice' }, 200, 'user:alice');
    await publish('comms', StatusUpdatePostedV1, { updateId: newId(), status: 'identified', message: 'We found the cause' }, 300);
    await publish('detection', IncidentAlertResolvedV1, { alertId: a1, fingerprint: 'fp-1', endsAt: t(400), stillFiring: 1 }, 400);
    await publish('comms', UpdateOverdueV1, { priority: 'P1', cadenceMinutes: 30, cadenceVersion: 1, lastUpdateAt: t(300), dueAt: t(300 + 30 * MIN), notified: { personId: bob, role: 'communications-lead' } }, 300 + 30 * MIN);
    await publish('comms', StatusUpdatePostedV2, { updateId: newId(), audience: 'internal', status: 'identified', message: 'Failing over to the standby', impact: 'major', eta: t(3 * 3600), template: null }, 2400);
  });

  afterAll(() => review.close());

  it('took every source event against its contract', () => {
    expect(bus.deadLetters).toEqual([]);
  });

  it('two minutes in: alice paged, escalation and SLA deadlines pending, two alerts open, responders told', async () => {
    const state = await stateAt(61);
    expect(state).toMatchObject({ status: 'triaged', response: 'triggered', priority: 'P1', currentPriority: 'P1', detectedAt: t(0), services: ['checkout', 'payments'] });
    expect(state.people).toEqual([{ personId: alice, name: 'alice', pages: 1, firstPagedAt: t(2), lastPagedAt: t(2), addedBy: null, roles: [] }]);
    expect(state.roles).toEqual([]);
    expect(state.openAlerts.map((a: { alertId: string; how: string; service: string }) => [a.alertId, a.how, a.service])).toEqual([[a1, 'fired', 'checkout'], [a2, 'joined', 'payments']]);
    expect(state.pendingTimers.map((p: { timer: string; dueAt: string; overdue: boolean }) => [p.timer, p.dueAt, p.overdue])).toEqual([
      ['escalation', t(302), false],
      ['sla:acknowledge', t(302), false],
      ['sla:resolve', t(2 + 240 * MIN), false],
    ]);
    expect(state.pendingTimers[0]).toMatchObject({ kind: 'escalation', scheduledAt: t(2), scheduledBy: 'EscalationLevelReached', what: 'next escalation after level 1 of Payments' });
    expect(state.told).toEqual({
      responders: { updates: 1, last: { updateId: expect.any(String), phase: 'investigating', impact: 'major', eta: null, message: 'Looking at checkout 5xx', at: t(60) } },
      internal: null,
      public: null,
    });
  });

  it('once acknowledged and staffed: the commander and the communications lead, bob added by alice, the deadlines that stopped gone', async () => {
    const state = await stateAt(200);
    expect(state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice', response: 'identified' });
    expect(state.people).toEqual([
      { personId: alice, name: 'alice', pages: 1, firstPagedAt: t(2), lastPagedAt: t(2), addedBy: null, roles: ['commander'] },
      { personId: bob, name: 'bob', pages: 1, firstPagedAt: t(140), lastPagedAt: t(140), addedBy: 'user:alice', roles: ['communications-lead'] },
    ]);
    expect(state.roles).toEqual([
      { role: 'commander', personId: alice, name: 'alice', since: t(130) },
      { role: 'communications-lead', personId: bob, name: 'bob', since: t(150) },
    ]);
    expect(state.pendingTimers.map((p: { timer: string }) => p.timer)).toEqual(['sla:resolve']);
  });

  it('later: one alert still open, the update cadence due as comms said it, each audience with its last update', async () => {
    const overdue = await stateAt(300 + 30 * MIN);
    expect(overdue.openAlerts.map((a: { alertId: string }) => a.alertId)).toEqual([a2]);
    expect(overdue.updateCadence).toEqual({ minutes: 30, version: 1 });
    expect(overdue.pendingTimers).toContainEqual(expect.objectContaining({ timer: 'update-cadence', kind: 'update-cadence', dueAt: t(300 + 60 * MIN), overdue: false }));

    const state = await stateAt(2400);
    expect(state.pendingTimers).toContainEqual(expect.objectContaining({ timer: 'update-cadence', dueAt: t(2400 + 30 * MIN), scheduledBy: 'StatusUpdatePosted' }));
    expect(state.told.public).toMatchObject({ updates: 1, last: { phase: 'identified', impact: 'none', message: 'We found the cause', at: t(300) } });
    expect(state.told.internal).toMatchObject({ updates: 1, last: { message: 'Failing over to the standby', eta: t(3 * 3600) } });
    expect(state.told.responders.updates).toBe(1);
    // The fields from before issue 16 read as they did.
    expect(state.lastUpdate).toEqual({ status: 'identified', phase: 'identified', audience: 'internal', message: 'Failing over to the standby', at: t(2400) });
    expect(state.paged).toEqual([{ responder: 'alice', team: 'payments', at: t(2) }, { responder: 'bob', team: 'payments', at: t(140) }]);
  });

  it('a deadline passed whose firing is not on the timeline yet reads as overdue', async () => {
    const state = await stateAt(2 + 241 * MIN);
    expect(state.pendingTimers).toContainEqual(expect.objectContaining({ timer: 'sla:resolve', overdue: true }));
  });
});
