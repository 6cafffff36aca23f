import { TimelineEntry } from '../timeline';
import { METRICS_DEFINITIONS_VERSION, incidentMetrics } from './incident-metrics';

const base = Date.parse('2026-03-03T09:00:00.000Z');
const t = (seconds: number) => new Date(base + seconds * 1000).toISOString();
const incidentId = '11111111-1111-4111-8111-111111111111';
const alice = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const bob = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const carol = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const teamId = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
let n = 0;

/**
 * A timeline entry whose source event happened `seconds` after base. By default it was also recorded then; `recordedLate`
 * moves only its record time, `occurredAt: false` makes it an entry recorded as TimelineEntryRecorded v1 (the upcaster gives it its
 * record time as its event time).
 */
const entry = (
  type: string,
  data: Record<string, unknown>,
  seconds: number,
  options: { schemaVersion?: number; recordedLate?: number; occurredAt?: false } = {},
): TimelineEntry => ({
  eventId: `e-${++n}`,
  at: t(seconds + (options.recordedLate ?? 0)),
  occurredAt: options.occurredAt === false ? t(seconds + (options.recordedLate ?? 0)) : t(seconds),
  context: 'coordination',
  type,
  schemaVersion: options.schemaVersion ?? 1,
  actor: 'system:test',
  summary: type,
  data: { incidentId, ...data },
});

const alertFired = (startsAt: number, seconds: number) =>
  entry('AlertFired', { alertId: `a-${startsAt}`, fingerprint: `fp-${startsAt}`, source: 'prometheus', summary: 's', severity: 'critical', labels: {}, startsAt: t(startsAt) }, seconds, { schemaVersion: 2 });
const detected = (firstSignalAt: number, seconds: number) =>
  entry('IncidentDetected', { title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: {}, alertId: 'a', fingerprint: 'fp', firstSignalAt: t(firstSignalAt) }, seconds);
const reached = (level: number, repeat: number, people: [string, string][], seconds: number) =>
  entry('EscalationLevelReached', { level, repeat, paged: people.map(([personId, name]) => ({ personId, name, pageId: `p-${personId}-${level}` })), skipped: [], deadlineAt: null, schedules: [], teams: [], reason: 'r' }, seconds, { schemaVersion: 4 });
const paged = (personId: string, name: string, level: number, seconds: number) =>
  entry('ResponderPaged', { pageId: `p-${++n}`, teamId, team: 'payments', personId, responder: name, contactMethodId: 'c', contactKind: 'webhook', priority: 'P1', title: 't', escalationLevel: level, reason: 'r' }, seconds, { schemaVersion: 3 });
const update = (audience: string, seconds: number) =>
  entry('StatusUpdatePosted', { updateId: `u-${++n}`, audience, status: 'identified', message: 'm', impact: 'major', eta: null, template: null }, seconds, { schemaVersion: 2 });

/** A P1: the signal started at 0, detected at 30, paged, acknowledged at 150, mitigated at 900, resolved at 1800. */
const response = (): TimelineEntry[] => [
  alertFired(0, 30),
  detected(0, 30),
  reached(1, 0, [[alice, 'alice']], 40),
  paged(alice, 'alice', 1, 40),
  update('responders', 60),
  reached(2, 0, [[bob, 'bob']], 120),
  paged(bob, 'bob', 2, 120),
  entry('IncidentAcknowledged', { by: 'bob' }, 150),
  update('internal', 200),
  update('public', 210),
  entry('SlaBreached', { target: 'mitigate', priority: 'P1', dueAt: t(600), breachedAt: t(600), slaVersion: 1 }, 600),
  entry('IncidentMitigated', { mitigatedAt: t(900), by: 'bob' }, 900),
  update('public', 1000),
  entry('IncidentResolved', { by: 'bob', resolution: 'rolled back' }, 1800),
];

describe('incident metrics, folded from the timeline entries alone', () => {
  it('measures each duration between its events in whole seconds and counts the response', () => {
    expect(METRICS_DEFINITIONS_VERSION).toBe(1);
    expect(incidentMetrics(response())).toEqual({
      timeToDetect: 30,
      timeToAcknowledge: 120,
      timeToMitigate: 870,
      timeToResolve: 1770,
      mitigation: 'recorded',
      moments: { firstSignalAt: t(0), detectedAt: t(30), acknowledgedAt: t(150), mitigatedAt: t(900), resolvedAt: t(1800) },
      reopens: 0,
      mergedInto: null,
      escalations: 1,
      responders: 2,
      pages: 2,
      updatesSent: { total: 4, byAudience: { responders: 1, internal: 1, public: 2 } },
      slaBreaches: 1,
    });
  });

  it('starts time to detect at the earliest start among the incident’s own signals, an alert that joined later included', () => {
    const joinedEarlier = entry('AlertJoinedIncident', { alertId: 'b', fingerprint: 'fp-b', severity: 'warning', startsAt: t(-45) }, 35, { schemaVersion: 1 });
    const moved = entry('AlertsMovedToIncident', { from: 'x', reason: 'merged', alerts: [{ alertId: 'c', fingerprint: 'fp-c', severity: 'info', startsAt: t(-600), firing: true }] }, 36);
    const metrics = incidentMetrics([...response().slice(0, 2), joinedEarlier, moved]);
    expect(metrics.moments.firstSignalAt).toBe(t(-45));
    expect(metrics.timeToDetect).toBe(75); // the merged incident's alert (started at -600) was detected as that incident
  });

  it('has no time to detect when no signal start is known, and none of the durations without the detection', () => {
    const noStart = [entry('IncidentDetected', { title: 't', severity: 'info', source: 's', labels: {}, alertId: 'a', fingerprint: 'f' }, 30), entry('IncidentAcknowledged', { by: 'a' }, 90)];
    expect(incidentMetrics(noStart)).toMatchObject({ timeToDetect: null, timeToAcknowledge: 60, moments: { firstSignalAt: null } });

    const withoutDetection = response().slice(2);
    expect(incidentMetrics(withoutDetection)).toMatchObject({ timeToDetect: null, timeToAcknowledge: null, timeToMitigate: null, timeToResolve: null, pages: 2 });
  });

  it('keeps the first acknowledgement when there are two', () => {
    const twice = [...response().slice(0, 8), entry('IncidentAcknowledged', { by: 'alice' }, 400)];
    expect(incidentMetrics(twice)).toMatchObject({ timeToAcknowledge: 120, moments: { acknowledgedAt: t(150) } });
  });

  it('ends time to resolve at the resolution no reopen undid: null while reopened, the last one once resolved again', () => {
    const resolvedOnce = response();
    const reopened = [...resolvedOnce, entry('IncidentReopened', { by: 'bob', reason: 'errors again', status: 'acknowledged', resolvedAt: t(1800), escalationRestarted: false }, 2400)];
    expect(incidentMetrics(reopened)).toMatchObject({ timeToResolve: null, reopens: 1, timeToMitigate: 870, moments: { resolvedAt: null } });

    const resolvedAgain = [...reopened, entry('IncidentResolved', { by: 'bob' }, 3630)];
    expect(incidentMetrics(resolvedAgain)).toMatchObject({ timeToResolve: 3600, reopens: 1, moments: { resolvedAt: t(3630) } });
  });

  it('ends time to mitigate at the final resolution when no mitigation was recorded, and not while reopened', () => {
    const unmitigated = response().filter((e) => e.type !== 'IncidentMitigated');
    expect(incidentMetrics(unmitigated)).toMatchObject({ timeToMitigate: 1770, mitigation: 'resolution', moments: { mitigatedAt: t(1800) } });
    const reopened = [...unmitigated, entry('IncidentReopened', { by: 'bob', reason: 'r', status: 'acknowledged', resolvedAt: t(1800), escalationRestarted: false }, 2000)];
    expect(incidentMetrics(reopened)).toMatchObject({ timeToMitigate: null, mitigation: null });
    expect(incidentMetrics(response().slice(0, 11))).toMatchObject({ timeToMitigate: null, mitigation: null, timeToResolve: null });
  });

  it('leaves time to acknowledge null for an incident resolved without acknowledgement', () => {
    const unacknowledged = response().filter((e) => e.type !== 'IncidentAcknowledged');
    expect(incidentMetrics(unacknowledged)).toMatchObject({ timeToAcknowledge: null, timeToResolve: 1770 });
  });

  it('rounds a duration down to whole seconds', () => {
    const ack = { ...entry('IncidentAcknowledged', { by: 'bob' }, 150), occurredAt: '2026-03-03T09:02:30.999Z' };
    expect(incidentMetrics([alertFired(0, 30), detected(0, 30), ack]).timeToAcknowledge).toBe(120);
  });

  it('never reports a negative duration: a signal start after the detection (sender clock ahead) is 0 seconds', () => {
    expect(incidentMetrics([alertFired(50, 30), detected(50, 30)])).toMatchObject({ timeToDetect: 0, moments: { firstSignalAt: t(50), detectedAt: t(30) } });
  });

  it('measures by event time: a late-recorded event counts when it happened; an entry without one uses its record time', () => {
    const late = [alertFired(0, 30), detected(0, 30), entry('IncidentAcknowledged', { by: 'bob' }, 150, { recordedLate: 45 })];
    expect(incidentMetrics(late).timeToAcknowledge).toBe(120);
    const v1Entry = [alertFired(0, 30), detected(0, 30), entry('IncidentAcknowledged', { by: 'bob' }, 150, { recordedLate: 45, occurredAt: false })];
    expect(incidentMetrics(v1Entry).timeToAcknowledge).toBe(165);
  });

  it('counts as of a moment only the entries whose event happened by then', () => {
    const then = incidentMetrics(response(), new Date(t(150)));
    expect(then).toMatchObject({ timeToDetect: 30, timeToAcknowledge: 120, timeToMitigate: null, timeToResolve: null, mitigation: null, escalations: 1, pages: 2, slaBreaches: 0 });
    expect(then.updatesSent).toEqual({ total: 1, byAudience: { responders: 1, internal: 0, public: 0 } });
    expect(incidentMetrics(response(), new Date(t(149))).timeToAcknowledge).toBeNull();
    expect(incidentMetrics(response(), new Date(t(29)))).toMatchObject({ timeToDetect: null, pages: 0, responders: 0, moments: { firstSignalAt: null, detectedAt: null } });
  });

  it('counts escalations as levels reached beyond the first, a restart at level 1 not one, an SLA breach’s level one', () => {
    const entries = [
      ...response().slice(0, 2),
      reached(1, 0, [[alice, 'alice']], 40),
      reached(2, 0, [[bob, 'bob']], 340),
      reached(1, 1, [[alice, 'alice']], 640), // the policy's repeat: level 1 again, but an escalation
      entry('IncidentReassigned', { by: 'x', to: { kind: 'team', id: teamId, name: 'db' } }, 700),
      reached(1, 0, [[carol, 'carol']], 700), // reassigned: a new escalation starts
      entry('IncidentAcknowledged', { by: 'carol' }, 720),
      { ...reached(2, 0, [[bob, 'bob']], 900), data: { incidentId, level: 2, repeat: 0, paged: [{ personId: bob, name: 'bob', pageId: 'p' }], sla: { breachId: 'b', target: 'mitigate', priority: 'P1' } } },
    ];
    expect(incidentMetrics(entries)).toMatchObject({ escalations: 3, responders: 3, pages: 0 });
  });

  it('counts a page per ResponderPaged (re-notifications too) and each person once however often paged or added', () => {
    const entries = [
      ...response().slice(0, 2),
      paged(alice, 'alice', 1, 40),
      paged(alice, 'alice', 1, 340), // re-notified
      entry('RespondersAdded', { by: 'alice', responders: [{ personId: carol, name: 'carol', pageId: 'pc' }, { personId: alice, name: 'alice', pageId: 'pa' }] }, 400),
      paged(carol, 'carol', 1, 400),
      // A v1 page named a member and a URL: the contracts' upcaster derives the same person every time.
      entry('ResponderPaged', { pageId: 'p1', teamId, team: 'payments', responder: { name: 'dave', webhookUrl: 'http://x' }, priority: 'P1', title: 't', escalationLevel: 1, reason: 'r' }, 500),
      entry('ResponderPaged', { pageId: 'p2', teamId, team: 'payments', responder: { name: 'dave', webhookUrl: 'http://x' }, priority: 'P1', title: 't', escalationLevel: 1, reason: 'r' }, 600),
    ];
    expect(incidentMetrics(entries)).toMatchObject({ pages: 5, responders: 3 });
  });

  it('counts escalations from the pages’ levels on a timeline from before escalation policies', () => {
    const legacy = [...response().slice(0, 2), paged(alice, 'alice', 1, 40), paged(bob, 'bob', 2, 340), paged(bob, 'bob', 2, 360), paged(carol, 'carol', 3, 640)];
    expect(incidentMetrics(legacy).escalations).toBe(2);
  });

  it('reads a v1 status update as public, as the contracts raise it', () => {
    const v1 = entry('StatusUpdatePosted', { updateId: 'u', status: 'identified', message: 'm' }, 60);
    expect(incidentMetrics([v1]).updatesSent).toEqual({ total: 1, byAudience: { responders: 0, internal: 0, public: 1 } });
  });

  it('says which incident a merged one continues in, and forgets it when the merge is undone', () => {
    const merged = [...response().slice(0, 8), entry('IncidentMerged', { into: carol, by: 'bob' }, 300)];
    expect(incidentMetrics(merged)).toMatchObject({ mergedInto: carol, timeToResolve: null, timeToAcknowledge: 120 });
    expect(incidentMetrics([...merged, entry('IncidentUnmerged', { from: carol, by: 'bob' }, 400)]).mergedInto).toBeNull();
  });
});
