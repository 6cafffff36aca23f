import { InMemoryEventStore, given } from '@linchpin/eventsourcing';
import { asOf } from './as-of';
import { summarize } from './summary';
import { RecordEntry, TimelineEntry, entryOf, ordered, recordEntry } from './timeline';
import { timelineDecider } from './timeline.decider';
import { timelineStream, timelines } from './streams';

const incidentId = '11111111-1111-4111-8111-111111111111';
const context = { actor: 'system:review', causationId: 'src', occurredAt: '2026-01-01T00:00:00.000Z' };
const record = (id: string, type = 'IncidentDetected', data: unknown = { title: 'checkout down', severity: 'critical' }): RecordEntry => ({
  type: 'RecordEntry',
  eventId: `entry-${id}`,
  incidentId,
  source: { id, type, schemaVersion: 1, context: 'detection', recordedAt: '2026-01-01T00:00:01.000Z', occurredAt: '2026-01-01T00:00:00.500Z', actor: 'integration:prom', data },
  context,
});

describe('summaries', () => {
  it('says what happened in one line for known types', () => {
    expect(summarize('IncidentTriaged', { priority: 'P1', route: { team: 'payments' } })).toBe('Triaged as P1, routed to team payments');
    expect(summarize('ResponderPaged', { responder: { name: 'alice' }, team: 'payments', escalationLevel: 1 })).toBe('Paged alice of team payments (level 1)');
    expect(summarize('IncidentResolved', { by: 'alice', resolution: 'rolled back' })).toBe('Resolved by alice: rolled back');
    expect(summarize('IncidentQueued', { title: 'checkout down' })).toBe('Queued for triage: checkout down');
    expect(summarize('StatusUpdatePosted', { status: 'identified', message: 'bad deploy' })).toBe('Status update (identified): bad deploy');
  });

  it('says who a status update (v2) was for, its phase, impact and eta', () => {
    const update = { status: 'identified', message: 'bad deploy', impact: 'none', eta: null, template: null };
    expect(summarize('StatusUpdatePosted', { ...update, audience: 'public' })).toBe('Public status update (identified): bad deploy');
    expect(summarize('StatusUpdatePosted', { ...update, audience: 'internal', impact: 'major', eta: '2026-03-01T14:00:00.000Z' })).toBe(
      'Internal status update (identified, major impact, eta 2026-03-01T14:00:00.000Z): bad deploy',
    );
    expect(summarize('StatusUpdatePosted', { ...update, audience: 'responders' })).toBe('Status update for responders (identified): bad deploy');
  });

  it('says when SLA clocks start, move, stop and breach', () => {
    const due = '2026-03-03T09:05:00.000Z';
    expect(summarize('SlaClocksStarted', { priority: 'P1', slaVersion: 2, clocks: [{ target: 'acknowledge', dueAt: due }] })).toBe(
      `SLA clocks started (P1, SLA v2): acknowledge by ${due}`,
    );
    expect(summarize('SlaClocksStarted', { priority: 'P4', slaVersion: 1, clocks: [] })).toBe('SLA clocks started (P4, SLA v1): no target');
    expect(summarize('SlaClocksRetargeted', { previous: 'P3', priority: 'P1', clocks: [{ target: 'acknowledge', dueAt: due }] })).toBe(`SLA clocks re-targeted P3 → P1: acknowledge by ${due}`);
    expect(summarize('SlaClockStopped', { target: 'acknowledge', cause: 'acknowledged', outcome: 'met', stoppedAt: '2026-03-03T09:03:00.000Z', dueAt: due })).toBe(
      `acknowledge SLA met: acknowledged at 2026-03-03T09:03:00.000Z (due ${due})`,
    );
    expect(summarize('SlaBreached', { target: 'resolve', priority: 'P2', dueAt: due, slaVersion: 1 })).toBe(`SLA breached: resolve for P2 was due ${due} (SLA v1)`);
  });

  it('says each lifecycle and role step of issue 13 in one line', () => {
    expect(summarize('IncidentStatusChanged', { from: 'acknowledged', to: 'investigating', by: 'alice', note: 'db' })).toBe('Status acknowledged → investigating by alice: db');
    expect(summarize('IncidentMitigated', { by: 'alice', mitigatedAt: '2026-01-01T00:00:00.000Z' })).toBe('Mitigated by alice');
    expect(summarize('IncidentReopened', { by: 'bob', status: 'triggered', escalationRestarted: true, reason: 'back' })).toBe('Reopened by bob (back to triggered, escalation restarted): back');
    expect(summarize('IncidentReassigned', { by: 'alice', to: { kind: 'team', name: 'database' }, previousTeam: 'payments' })).toBe('Reassigned by alice to team database (was team payments)');
    expect(summarize('RespondersAdded', { by: 'alice', responders: [{ name: 'carol' }, { name: 'olga' }] })).toBe('Responders added by alice: carol, olga');
    expect(summarize('IncidentSnoozed', { by: 'alice', until: '2026-01-01T01:00:00.000Z' })).toBe('Snoozed by alice until 2026-01-01T01:00:00.000Z');
    expect(summarize('IncidentSnoozeEnded', { cause: 'elapsed', snoozedUntil: 'T' })).toBe('Snooze ended (was until T): responders notified again');
    expect(summarize('IncidentRoleAssigned', { name: 'bob', role: 'commander', previousPersonId: 'a', by: 'alice' })).toBe('bob is now commander (handed over), by alice');
    expect(summarize('IncidentRoleReleased', { role: 'scribe', by: 'alice' })).toBe('Role scribe released by alice');
  });

  it('says each merge, unmerge, link and alert move of issue 13 in one line', () => {
    expect(summarize('IncidentMerged', { into: 'B', by: 'alice', reason: 'same outage' })).toBe('Merged into incident B by alice: same outage');
    expect(summarize('IncidentAbsorbed', { merged: 'A', by: 'alice' })).toBe('Incident A merged into this one by alice');
    expect(summarize('IncidentUnmerged', { from: 'B', by: 'bob' })).toBe('Merge into incident B undone by bob');
    expect(summarize('IncidentSplit', { split: 'A', by: 'bob' })).toBe('Incident A split off again by bob');
    expect(summarize('IncidentLinked', { to: 'C', kind: 'caused-by', by: 'alice' })).toBe('Linked by alice: caused by incident C');
    expect(summarize('IncidentUnlinked', { to: 'C', kind: 'related-to', by: 'alice' })).toBe('Link to incident C (related-to) removed by alice');
    expect(summarize('AlertMovedToIncident', { fingerprint: 'f', from: 'A', reason: 'merged' })).toBe('Alert f moved from incident A (merged)');
    expect(summarize('AlertsMovedToIncident', { from: 'A', alerts: [{}, {}], reason: 'merged' })).toBe('2 alert(s) of incident A now count toward this one (merged)');
    expect(summarize('AlertsMovedOutOfIncident', { to: 'A', alertIds: ['x'], reason: 'unmerged' })).toBe('1 alert(s) moved to incident A (merge undone)');
  });

  it('says who each escalation step reached, what it skipped, and when the policy ran out', () => {
    const alice = { pageId: 'p', personId: 'a', name: 'alice', contactMethodId: 'c', contactKind: 'webhook', via: { kind: 'person', id: 'a', reason: 'named' } };
    expect(summarize('EscalationLevelReached', { level: 2, repeat: 0, paged: [alice], deadlineAt: '2026-01-01T00:10:00.000Z' })).toBe(
      'Escalation level 2 paged alice; next level at 2026-01-01T00:10:00.000Z',
    );
    // issue 13: an SLA breach of an acknowledged incident pages the next level into the response, with no deadline.
    expect(summarize('EscalationLevelReached', { level: 2, repeat: 0, paged: [alice], deadlineAt: null, sla: { breachId: 'b', target: 'resolve', priority: 'P1' } })).toBe(
      'Escalation level 2 paged alice (SLA resolve breached): joins the response',
    );
    expect(summarize('EscalationLevelSkipped', { level: 3, reason: 'schedule gap' })).toBe('Escalation level 3 skipped: schedule gap');
    expect(summarize('EscalationExhausted', { fallbackTeam: 'operations' })).toBe("Escalation exhausted: nobody acknowledged; paging the default route's team operations");
    expect(summarize('IncidentRenotified', { cause: 'acknowledgement-timeout', notified: [alice] })).toBe('Re-notified (acknowledgement timeout): alice');
    expect(summarize('IncidentRenotified', { cause: 'notification-rule', notified: [alice], rule: { pageId: 'p', index: 1, afterMinutes: 2 } })).toBe(
      'Notified again (notification rule, unacknowledged 2 min): alice',
    );
    expect(summarize('DeliveryAttemptFailed', { kind: 'page', attempt: 1, error: 'HTTP 500' })).toBe('Page attempt 1 failed: HTTP 500');
  });

  it('falls back to the spaced type name for unknown types and tolerates missing data', () => {
    expect(summarize('RunbookLinked', { url: 'x' })).toBe('Runbook Linked');
    expect(summarize('IncidentAcknowledged', null)).toBe('Acknowledged by ?');
  });
});

describe('timeline', () => {
  it('records a source event as one entry with context, type, version, at, actor, summary and data', () => {
    const entry = recordEntry(record('a'));
    expect(entry.id).toBe('entry-a');
    expect(entryOf(entry)).toMatchObject({ eventId: 'a', type: 'IncidentDetected', context: 'detection' });
    expect(entry.data).toMatchObject({
      sourceEventId: 'a',
      sourceType: 'IncidentDetected',
      sourceSchemaVersion: 1,
      context: 'detection',
      at: '2026-01-01T00:00:01.000Z',
      occurredAt: '2026-01-01T00:00:00.500Z',
      actor: 'integration:prom',
      summary: 'Incident detected (critical): checkout down',
    });
    expect(entry.schemaVersion).toBe(2);
    expect(entryOf(entry)).toMatchObject({ at: '2026-01-01T00:00:01.000Z', occurredAt: '2026-01-01T00:00:00.500Z' });
  });

  it('keeps one entry when the same source arrives again: same entry id, which the store skips', async () => {
    const store = new InMemoryEventStore();
    await store.append(timelineStream(incidentId), [recordEntry(record('a'))], 'any');
    const again = await store.append(timelineStream(incidentId), [recordEntry(record('a'))], 'any');
    expect(again.alreadyStored).toBe(true);
    expect(await store.readStream(timelineStream(incidentId))).toHaveLength(1);
  });

  it('an entry correlates on its incident, caused by its source, recorded by review (the metadata recorded before the context moved into commands)', () => {
    expect(recordEntry(record('a')).metadata).toEqual({ incidentId, correlationId: incidentId, causationId: 'src', actor: 'system:review', occurredAt: '2026-01-01T00:00:00.000Z' });
  });

  it('given a timeline, a new source becomes one entry and a source already on it decides nothing', () => {
    const history = given(timelineDecider).when(record('a')).then([expect.objectContaining({ id: 'entry-a', type: 'TimelineEntryRecorded' })]);
    given(timelineDecider, history).when(record('b')).then([expect.objectContaining({ id: 'entry-b' })]);
    given(timelineDecider, [...history, recordEntry(record('b'))]).when(record('a')).then([]);
  });

  it('through its binding, a redelivered source adds nothing to the stored timeline', async () => {
    const store = new InMemoryEventStore();
    await timelines.handle(store, record('a'));
    await timelines.handle(store, record('b'));
    const again = await timelines.handle(store, record('a'));
    expect(again.events).toEqual([]);
    expect((await store.readStream(timelineStream(incidentId))).map((e) => e.id)).toEqual(['entry-a', 'entry-b']);
  });

  it('orders entries by time, ties in recorded order', () => {
    const e = (eventId: string, at: string): TimelineEntry => ({ eventId, at, occurredAt: at, context: 'c', type: 't', schemaVersion: 1, actor: 'a', summary: '', data: {} });
    const sorted = ordered([e('late', '2026-01-01T00:00:03Z'), e('tie1', '2026-01-01T00:00:01Z'), e('tie2', '2026-01-01T00:00:01.000Z'), e('early', '2026-01-01T00:00:00Z')]);
    expect(sorted.map((x) => x.eventId)).toEqual(['early', 'tie1', 'tie2', 'late']);
  });
});

describe('state as of a moment', () => {
  const entry = (type: string, at: string, data: unknown): TimelineEntry => ({ eventId: type, at, occurredAt: at, context: 'x', type, schemaVersion: 1, actor: 'a', summary: '', data });
  const entries = [
    entry('AlertFired', '2026-01-01T00:00:00.000Z', { severity: 'critical' }),
    entry('IncidentDetected', '2026-01-01T00:00:00.000Z', { title: 'checkout down', severity: 'critical' }),
    entry('IncidentTriaged', '2026-01-01T00:00:01.000Z', { priority: 'P1', route: { team: 'payments' } }),
    entry('ResponderPaged', '2026-01-01T00:00:02.000Z', { responder: { name: 'alice' }, team: 'payments' }),
    entry('IncidentAcknowledged', '2026-01-01T00:00:03.000Z', { by: 'alice' }),
    entry('StatusUpdatePosted', '2026-01-01T00:00:04.000Z', { status: 'identified', message: 'bad deploy' }),
    entry('IncidentResolved', '2026-01-01T00:00:05.000Z', { by: 'bob' }),
  ];

  it('before anything was known, there is no state', () => {
    expect(asOf(entries, new Date('2025-12-31T23:59:59Z'))).toEqual({ state: null, entries: [] });
  });

  it('between acknowledgement and resolution, the incident is acknowledged and paged', () => {
    const { state, entries: known } = asOf(entries, new Date('2026-01-01T00:00:03.500Z'));
    expect(known).toHaveLength(5);
    // The fields from before issue 16, exactly as they were (the state only gained fields since).
    const { status, title, severity, priority, team, alertCount, paged, acknowledgedBy, resolvedBy, lastUpdate } = state!;
    expect({ status, title, severity, priority, team, alertCount, paged, acknowledgedBy, resolvedBy, lastUpdate }).toEqual({
      status: 'acknowledged',
      title: 'checkout down',
      severity: 'critical',
      priority: 'P1',
      team: 'payments',
      alertCount: 1,
      paged: [{ responder: 'alice', team: 'payments', at: '2026-01-01T00:00:02.000Z' }],
      acknowledgedBy: 'alice',
      resolvedBy: null,
      lastUpdate: null,
    });
  });

  it('an entry exactly at the moment counts; at the end the incident is resolved with the last update', () => {
    expect(asOf(entries, new Date('2026-01-01T00:00:01.000Z')).state?.status).toBe('triaged');
    const { state } = asOf(entries, new Date('2026-01-02T00:00:00Z'));
    // An entry recorded before audiences (v1 data) reads as the public update it was.
    expect(state).toMatchObject({ status: 'resolved', resolvedBy: 'bob', lastUpdate: { status: 'identified', phase: 'identified', audience: 'public', message: 'bad deploy' } });
  });
});
