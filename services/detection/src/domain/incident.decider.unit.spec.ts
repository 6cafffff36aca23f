import { deterministicId, given } from '@linchpin/eventsourcing';
import {
  AlertClosed,
  AlertClosedEvent,
  AlertFired,
  AlertFiredEvent,
  AlertGrouped,
  AlertGroupedEvent,
  AlertJoinedIncident,
  AlertResolved,
  AlertResolvedEvent,
  AlertsMovedOutOfIncident,
  AlertsMovedToIncident,
  IncidentAlertResolved,
  IncidentAssessed,
  IncidentAssessedEvent,
  IncidentDetected,
  SignalsCleared,
} from '@linchpin/contracts';
import { hasFiringAlert, INCIDENT_OPENER, IncidentEvent, incidentDecider, ObserveSignal } from './incident.decider';

/*
 * The incident stream is told its alerts' facts by a reactor; every event it records derives
 * from one of those facts. The facts here are written as detection's alert streams record them.
 */
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const INCIDENT = uuid(0xa1);
const recordedAt = (m: number): string => new Date(Date.parse('2026-03-02T09:00:00.000Z') + m * 60_000).toISOString();
const meta = (m: number) => ({ incidentId: INCIDENT, correlationId: INCIDENT, causationId: `request-${m}`, actor: 'integration:alertmanager', occurredAt: recordedAt(m) });

const fired = (n: number, over: Partial<AlertFiredEvent['data']> = {}, m = n): AlertFiredEvent =>
  AlertFired.create(
    uuid(0xf00 + n),
    {
      alertId: uuid(n),
      fingerprint: `fp-${n}`,
      source: 'db-1:9100',
      summary: `alert ${n}`,
      severity: 'error',
      labels: { alertname: 'DiskFull', service: 'db' },
      // At the source, alert n started n minutes before T0 (so the earlier alert is the later n).
      startsAt: recordedAt(-n),
      incidentId: INCIDENT,
      sender: 'alertmanager',
      service: 'db',
      ...over,
    },
    meta(m),
  );
const resolved = (n: number, endsAt: string, m: number): AlertResolvedEvent =>
  AlertResolved.create(uuid(0xe00 + n), { alertId: uuid(n), fingerprint: `fp-${n}`, incidentId: INCIDENT, endsAt }, meta(m));
/** Detection closed alert n at minute m because coordination resolved the incident. */
const closed = (n: number, m: number): AlertClosedEvent =>
  AlertClosed.create(
    uuid(0xf00 + n),
    { alertId: uuid(n), fingerprint: `fp-${n}`, incidentId: INCIDENT, by: 'alice', reason: `incident ${INCIDENT} resolved by alice`, closedAt: recordedAt(m) },
    { ...meta(m), actor: 'system:detection' },
  );
const grouped = (n: number, opened: boolean): AlertGroupedEvent =>
  AlertGrouped.create(
    uuid(0xd00 + n),
    {
      groupId: 'c0ffee',
      ruleId: 'service:checkout',
      ruleVersion: 3,
      key: { service: 'checkout', cluster: 'eu-1' },
      incidentId: INCIDENT,
      opened,
      alertId: uuid(n),
      fingerprint: `fp-${n}`,
      summary: `alert ${n}`,
      severity: 'critical',
      source: 'grafana',
      service: 'checkout',
      labels: { service: 'checkout', cluster: 'eu-1' },
      startsAt: recordedAt(-1),
    },
    meta(n),
  );
const byRule = (opened: boolean) => ({ grouping: { groupId: 'c0ffee', ruleId: 'service:checkout', ruleVersion: 3, opened } });

const observe = (event: ObserveSignal['event']): ObserveSignal => ({ type: 'ObserveSignal', incidentId: event.data.incidentId, event });
/** The incident stream after it observed these facts in order. */
const afterObserving = (...facts: ObserveSignal['event'][]): IncidentEvent[] =>
  facts.reduce<IncidentEvent[]>((history, fact) => [...history, ...incidentDecider.decide(observe(fact), given(incidentDecider, history).state())], []);
const types = (events: IncidentEvent[]) => events.map((e) => e.type);
const assessmentOf = (events: IncidentEvent[]): IncidentAssessedEvent['data'] => {
  const assessed = events.find((e) => e.type === 'IncidentAssessed') as IncidentAssessedEvent | undefined;
  expect(assessed).toBeDefined();
  return assessed!.data;
};

describe('incident decider: an alert that opened its own incident', () => {
  it('records IncidentDetected, AlertJoinedIncident and IncidentAssessed', () => {
    const first = fired(1);
    // then() asserts the command was accepted before handing over the events
    given(incidentDecider)
      .when(observe(first))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentDetected', 'AlertJoinedIncident', 'IncidentAssessed']);
        expect(events[0].data).toEqual({
          incidentId: INCIDENT,
          title: 'alert 1',
          severity: 'error',
          source: 'db-1:9100',
          service: 'db',
          labels: { alertname: 'DiskFull', service: 'db' },
          alertId: uuid(1),
          fingerprint: 'fp-1',
          firstSignalAt: first.data.startsAt,
        });
        expect(events[1].data).toEqual({
          incidentId: INCIDENT,
          alertId: uuid(1),
          fingerprint: 'fp-1',
          severity: 'error',
          service: 'db',
          sender: 'alertmanager',
          startsAt: first.data.startsAt,
        });
        expect(assessmentOf(events)).toMatchObject({
          incidentId: INCIDENT,
          impactedServices: ['db'],
          alertCount: 1,
          firingAlertCount: 1,
          firstSignalAt: first.data.startsAt,
          detectedAt: first.metadata.occurredAt,
        });
        for (const event of events) {
          expect(event.metadata).toEqual({
            incidentId: INCIDENT,
            correlationId: INCIDENT,
            causationId: first.id,
            actor: 'system:detection',
            occurredAt: first.metadata.occurredAt,
          });
        }
      });
  });

  it('takes the service from the labels when the alert names none of its own', () => {
    given(incidentDecider)
      .when(observe(fired(1, { service: undefined, labels: { service: 'payments' } })))
      .then((events) => {
        expect(events[0].data).toMatchObject({ service: 'payments' });
        expect(events[1].data).toMatchObject({ service: 'payments' });
      });
  });

  it('a second alert joins the detected incident without detecting it again', () => {
    given(incidentDecider, afterObserving(fired(1)))
      .when(observe(fired(2, { severity: 'critical', service: 'api' }, 5)))
      .then((events) => {
        expect(types(events)).toEqual(['AlertJoinedIncident', 'IncidentAssessed']);
        expect(assessmentOf(events)).toMatchObject({ alertCount: 2, firingAlertCount: 2, impactedServices: ['api', 'db'], detectedAt: recordedAt(1) });
      });
  });

  it('records events that satisfy the published contracts', () => {
    const events = afterObserving(fired(1), fired(2, { details: { usersAffected: 40 } }), resolved(1, recordedAt(3), 3), resolved(2, recordedAt(4), 4));
    const definitions = { IncidentDetected, AlertJoinedIncident, IncidentAlertResolved, SignalsCleared, IncidentAssessed, AlertsMovedToIncident, AlertsMovedOutOfIncident };
    for (const event of events) {
      expect({ type: event.type, errors: definitions[event.type].validate(event.data) }).toEqual({ type: event.type, errors: [] });
    }
  });
});

describe('incident decider: alerts grouped by a correlation rule', () => {
  it('AlertGrouped that opened the incident records IncidentDetected from the grouped alert', () => {
    const group = grouped(1, true);
    given(incidentDecider)
      .when(observe(group))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentDetected']);
        expect(events[0].id).toBe(deterministicId(group.id, INCIDENT_OPENER));
        expect(events[0].data).toEqual({
          incidentId: INCIDENT,
          title: 'alert 1',
          severity: 'critical',
          source: 'grafana',
          service: 'checkout',
          labels: { service: 'checkout', cluster: 'eu-1' },
          alertId: uuid(1),
          fingerprint: 'fp-1',
          firstSignalAt: recordedAt(-1),
        });
      });
  });

  it('AlertGrouped that joined an open incident records nothing', () => {
    given(incidentDecider).when(observe(grouped(2, false))).then([]);
  });

  it('the grouped AlertFired only joins, naming the rule and version', () => {
    const history = afterObserving(grouped(1, true));
    given(incidentDecider, history)
      .when(observe(fired(1, byRule(true))))
      .then((events) => {
        expect(types(events)).toEqual(['AlertJoinedIncident', 'IncidentAssessed']);
        expect(events[0].data).toMatchObject({ alertId: uuid(1), ruleId: 'service:checkout', ruleVersion: 3 });
      });
  });

  it('a grouped AlertFired that arrives before its AlertGrouped does not detect the incident itself', () => {
    given(incidentDecider)
      .when(observe(fired(2, byRule(false))))
      .then((events) => {
        expect(types(events)).toEqual(['AlertJoinedIncident', 'IncidentAssessed']);
      });
  });

  it('a flapping alert rejoins its last incident without detecting it again', () => {
    const history = afterObserving(fired(1), resolved(1, recordedAt(2), 2));
    given(incidentDecider, history)
      .when(observe(fired(3, { flapping: true })))
      .then((events) => {
        expect(types(events)).toEqual(['AlertJoinedIncident', 'IncidentAssessed']);
        expect(assessmentOf(events)).toMatchObject({ alertCount: 2, firingAlertCount: 1 });
      });
  });
});

describe('incident decider: when signals cleared', () => {
  it('SignalsCleared says when the last alert ended at its source, even when resolutions arrive out of order', () => {
    // Alertmanager sends a group's resolved alerts in label order: the one that ended later can come first.
    given(incidentDecider, afterObserving(fired(1), fired(2), resolved(2, recordedAt(8), 9)))
      .when(observe(resolved(1, recordedAt(6), 9)))
      .then((events) => {
        expect(events.find((e) => e.type === 'SignalsCleared')?.data).toMatchObject({ clearedAt: recordedAt(8) });
      });
  });
});

describe('incident decider: redelivery', () => {
  it.each<[string, ObserveSignal['event'][], ObserveSignal['event']]>([
    ['an AlertFired', [fired(1)], fired(1)],
    ['an AlertGrouped', [grouped(1, true)], grouped(1, true)],
    ['an AlertResolved', [fired(1), fired(2), resolved(1, recordedAt(3), 3)], resolved(1, recordedAt(3), 3)],
  ])('observing %s again records nothing', (_name, facts, again) => {
    given(incidentDecider, afterObserving(...facts)).when(observe(again)).then([]);
  });

  it('an AlertFired redelivered after its alert resolved only repeats events already recorded (the store drops them)', () => {
    const history = afterObserving(fired(1), fired(2), resolved(1, recordedAt(3), 3));
    given(incidentDecider, history)
      .when(observe(fired(1)))
      .then((events) => {
        const stored = new Set(history.map((e) => e.id));
        expect(events.filter((e) => !stored.has(e.id))).toEqual([]);
      });
  });

  it('ids derive from the cause alone: observing the same fact on the same history gives the same events', () => {
    const history = afterObserving(fired(1));
    const once = incidentDecider.decide(observe(fired(2)), given(incidentDecider, history).state());
    const twice = incidentDecider.decide(observe(structuredClone(fired(2))), given(incidentDecider, structuredClone(history)).state());
    expect(twice).toEqual(once);
    expect(new Set(once.map((e) => e.id)).size).toBe(once.length);
    expect(once.every((e) => !afterObserving(fired(1)).some((h) => h.id === e.id))).toBe(true);
  });

  it('IncidentDetected has the id every component derives from the opening fact', () => {
    const first = fired(1);
    given(incidentDecider)
      .when(observe(first))
      .then((events) => expect(events[0].id).toBe(deterministicId(first.id, INCIDENT_OPENER)));
  });
});

describe('incident decider: alerts closed because coordination resolved the incident', () => {
  it('a closed alert stops firing, without SignalsCleared: its source never said it stopped', () => {
    given(incidentDecider, afterObserving(fired(1), fired(2)))
      .when(observe(closed(1, 5)))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentAlertResolved', 'IncidentAssessed']);
        expect(events[0].data).toEqual({ incidentId: INCIDENT, alertId: uuid(1), fingerprint: 'fp-1', endsAt: recordedAt(5), stillFiring: 1 });
      });
    given(incidentDecider, afterObserving(fired(1), fired(2), closed(1, 5)))
      .when(observe(closed(2, 5)))
      .then((events) => expect(types(events)).toEqual(['IncidentAlertResolved', 'IncidentAssessed']));
    // No correlation group joins an incident none of whose alerts fires.
    expect(hasFiringAlert(given(incidentDecider, afterObserving(fired(1), fired(2), closed(1, 5), closed(2, 5))).state())).toBe(false);
  });

  it('closing an alert that already resolved, or twice, records nothing', () => {
    given(incidentDecider, afterObserving(fired(1), resolved(1, recordedAt(3), 3))).when(observe(closed(1, 5))).then([]);
    given(incidentDecider, afterObserving(fired(1), closed(1, 5))).when(observe(closed(1, 5))).then([]);
  });
});

describe('incident decider: resolution', () => {
  it('resolving the last firing alert records IncidentAlertResolved, SignalsCleared and the new assessment', () => {
    given(incidentDecider, afterObserving(fired(1)))
      .when(observe(resolved(1, '2026-03-02T09:04:50.000Z', 5)))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentAlertResolved', 'SignalsCleared', 'IncidentAssessed']);
        expect(events[0].data).toEqual({ incidentId: INCIDENT, alertId: uuid(1), fingerprint: 'fp-1', endsAt: '2026-03-02T09:04:50.000Z', stillFiring: 0 });
        expect(events[1].data).toEqual({ incidentId: INCIDENT, alertCount: 1, clearedAt: '2026-03-02T09:04:50.000Z' });
        expect(assessmentOf(events)).toMatchObject({ alertCount: 1, firingAlertCount: 0 });
      });
  });

  it('resolving one of two firing alerts does not clear the incident', () => {
    given(incidentDecider, afterObserving(fired(1), fired(2)))
      .when(observe(resolved(1, recordedAt(4), 5)))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentAlertResolved', 'IncidentAssessed']);
        expect(events[0].data).toMatchObject({ alertId: uuid(1), stillFiring: 1 });
        expect(assessmentOf(events)).toMatchObject({ alertCount: 2, firingAlertCount: 1 });
      });
  });

  it('clears once the other alert resolves too, counting every alert of the incident', () => {
    given(incidentDecider, afterObserving(fired(1), fired(2), resolved(1, recordedAt(4), 5)))
      .when(observe(resolved(2, recordedAt(6), 7)))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentAlertResolved', 'SignalsCleared', 'IncidentAssessed']);
        expect(events[1].data).toEqual({ incidentId: INCIDENT, alertCount: 2, clearedAt: recordedAt(6) });
      });
  });

  it('a resolve for an alert the incident never counted records nothing', () => {
    given(incidentDecider, afterObserving(fired(1))).when(observe(resolved(9, recordedAt(3), 3))).then([]);
  });

  it('a later alert makes a cleared incident firing again, and it clears again when that one resolves', () => {
    const history = afterObserving(fired(1), resolved(1, recordedAt(2), 2), fired(3, byRule(false), 4));
    expect(hasFiringAlert(given(incidentDecider, history).state())).toBe(true);
    given(incidentDecider, history)
      .when(observe(resolved(3, recordedAt(5), 6)))
      .then((events) => {
        expect(types(events)).toEqual(['IncidentAlertResolved', 'SignalsCleared', 'IncidentAssessed']);
        expect(events[1].data).toMatchObject({ alertCount: 2 });
      });
  });
});

describe('incident decider: assessment inputs', () => {
  it('usersAffected in the alert details feeds the blast radius and the suggested impact', () => {
    given(incidentDecider)
      .when(observe(fired(1, { details: { usersAffected: 1500, reporter: 'support' } })))
      .then((events) => {
        expect(events[1].data).toMatchObject({ usersAffected: 1500 });
        expect(assessmentOf(events).blastRadius).toEqual({ services: 1, alerts: 1, usersAffected: 1500 });
        expect(assessmentOf(events).suggestedImpact.level).toBe(1);
        expect(assessmentOf(events).suggestedImpact.reason).toContain('1500 users reported affected');
      });
  });

  it.each([['a text', '1500'], ['a fraction', 2.5], ['a negative count', -3]])('usersAffected given as %s is not counted', (_name, value) => {
    given(incidentDecider)
      .when(observe(fired(1, { details: { usersAffected: value } })))
      .then((events) => {
        expect(events[1].data).not.toHaveProperty('usersAffected');
        expect(assessmentOf(events).blastRadius).not.toHaveProperty('usersAffected');
      });
  });

  it("first-signal time is the earliest source start among the incident's alerts, detection time when Linchpin recorded the first", () => {
    // Alert 3 joins later (minute 10) but started at its source before alert 1 did.
    given(incidentDecider, afterObserving(fired(1)))
      .when(observe(fired(3, {}, 10)))
      .then((events) => {
        expect(assessmentOf(events)).toMatchObject({ firstSignalAt: recordedAt(-3), detectedAt: recordedAt(1) });
      });
  });
});

describe('hasFiringAlert: whether a correlation group may still join the incident', () => {
  it.each<[string, boolean, ObserveSignal['event'][]]>([
    ['an incident a group opened, before its opening alert joined', true, [grouped(1, true)]],
    ['an incident with a firing alert', true, [fired(1)]],
    ['an incident whose alerts all resolved', false, [fired(1), resolved(1, recordedAt(2), 2)]],
  ])('%s: %s', (_name, expected, facts) => {
    expect(hasFiringAlert(given(incidentDecider, afterObserving(...facts)).state())).toBe(expected);
  });

  it('an empty stream (nothing recorded for the incident yet) counts as firing', () => {
    expect(hasFiringAlert(incidentDecider.initialState)).toBe(true);
  });
});
