import { given } from '@linchpin/eventsourcing';
import { AlertGrouped, AlertGroupedEvent } from '@linchpin/contracts';
import { alertGroupDecider, CorrelateAlert, CorrelationRule } from './alert-group.decider';

/*
 * One correlation group's stream. The alert of minute m brings `newIncidentOf(m)`, the incident it
 * opens if the group does not take it into its own.
 */
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const minute = (m: number): string => new Date(T0 + m * 60_000).toISOString();
const newIncidentOf = (m: number): string => uuid(0x4000 + m);
const RULE: CorrelationRule = { id: 'service:checkout', version: 3, key: { service: 'checkout', cluster: 'eu-1' }, windowSeconds: 5 * 60 };

const correlate = (m: number, over: Partial<CorrelateAlert> = {}): CorrelateAlert => ({
  type: 'CorrelateAlert',
  eventId: uuid(0x2000 + m),
  groupId: 'c0ffee',
  rule: RULE,
  newIncidentId: newIncidentOf(m),
  groupIncidentFiring: true,
  alert: {
    alertId: uuid(0x3000 + m),
    fingerprint: `fp-${m}`,
    summary: 'Checkout latency high',
    severity: 'error',
    source: 'grafana',
    service: 'checkout',
    labels: { service: 'checkout', cluster: 'eu-1', alertname: `Alert${m}` },
    startsAt: minute(m - 1),
  },
  context: { actor: 'integration:grafana', causationId: `request-${m}`, occurredAt: minute(m) },
  ...over,
});

/** The group's stream after these alerts were correlated in order. */
const recorded = (...commands: CorrelateAlert[]): AlertGroupedEvent[] =>
  commands.reduce<AlertGroupedEvent[]>(
    (history, command) => [...history, ...alertGroupDecider.decide(command, given(alertGroupDecider, history).state())],
    [],
  );
/** The one event the group decides (then() asserts the alert was accepted). */
const decided = (history: AlertGroupedEvent[], command: CorrelateAlert) =>
  given(alertGroupDecider, history)
    .when(command)
    .then((events) => expect(events).toHaveLength(1))[0];

describe('alert group decider', () => {
  it('the first alert of an empty group opens a new incident, recording rule, version and key', () => {
    const grouped = decided([], correlate(0));

    expect(grouped.id).toBe(uuid(0x2000));
    expect(grouped.type).toBe('AlertGrouped');
    expect(grouped.data).toEqual({
      groupId: 'c0ffee',
      ruleId: 'service:checkout',
      ruleVersion: 3,
      key: { service: 'checkout', cluster: 'eu-1' },
      incidentId: newIncidentOf(0),
      opened: true,
      alertId: uuid(0x3000),
      fingerprint: 'fp-0',
      summary: 'Checkout latency high',
      severity: 'error',
      source: 'grafana',
      service: 'checkout',
      labels: { service: 'checkout', cluster: 'eu-1', alertname: 'Alert0' },
      startsAt: minute(-1),
    });
    expect(grouped.metadata).toEqual({
      actor: 'integration:grafana',
      causationId: 'request-0',
      occurredAt: minute(0),
      incidentId: newIncidentOf(0),
      correlationId: newIncidentOf(0),
    });
    expect(AlertGrouped.validate(grouped.data)).toEqual([]);
  });

  it('an alert within the window of an open group whose incident fires joins that incident', () => {
    const grouped = decided(recorded(correlate(0)), correlate(4));
    expect(grouped.data).toMatchObject({ incidentId: newIncidentOf(0), opened: false, alertId: uuid(0x3004) });
    expect(grouped.metadata.incidentId).toBe(newIncidentOf(0));
  });

  it("the window runs from the group's last alert, not its first", () => {
    // 0, 4, 8: each within 5 minutes of the one before; 8 is 8 minutes after the first.
    const grouped = decided(recorded(correlate(0), correlate(4)), correlate(8));
    expect(grouped.data).toMatchObject({ incidentId: newIncidentOf(0), opened: false });
  });

  it('an alert exactly at the end of the window still joins', () => {
    expect(decided(recorded(correlate(0)), correlate(5)).data).toMatchObject({ incidentId: newIncidentOf(0), opened: false });
  });

  it('once the window has elapsed, the next alert opens a new incident, and the group follows it', () => {
    const history = recorded(correlate(0));
    const reopened = decided(history, correlate(6));
    expect(reopened.data).toMatchObject({ incidentId: newIncidentOf(6), opened: true });

    const next = decided([...history, reopened], correlate(7));
    expect(next.data).toMatchObject({ incidentId: newIncidentOf(6), opened: false });
  });

  it("an alert opens a new incident when the group's incident no longer fires (its signals cleared)", () => {
    const grouped = decided(recorded(correlate(0)), correlate(1, { groupIncidentFiring: false }));
    expect(grouped.data).toMatchObject({ incidentId: newIncidentOf(1), opened: true });
  });

  it('without a window (windowSeconds null) the group joins its incident for as long as it fires', () => {
    const open = { ...RULE, windowSeconds: null };
    const history = recorded(correlate(0, { rule: open }));
    expect(decided(history, correlate(600, { rule: open })).data).toMatchObject({ incidentId: newIncidentOf(0), opened: false });
    expect(decided(history, correlate(600, { rule: open, groupIncidentFiring: false })).data).toMatchObject({
      incidentId: newIncidentOf(600),
      opened: true,
    });
  });

  it('names the version of the rule in force for each grouping', () => {
    const grouped = decided(recorded(correlate(0)), correlate(1, { rule: { ...RULE, version: 4 } }));
    expect(grouped.data).toMatchObject({ ruleId: 'service:checkout', ruleVersion: 4, incidentId: newIncidentOf(0) });
  });
});
