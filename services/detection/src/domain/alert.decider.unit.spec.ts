import { given } from '@linchpin/eventsourcing';
import { AlertClosed, AlertDeduplicated, AlertDeduplicatedEvent, AlertFired, AlertFiredEvent, AlertMovedToIncident, AlertResolved, SignalReceived, SignalReceivedEvent } from '@linchpin/contracts';
import {
  AcknowledgeAlert,
  AlertCommand,
  AlertEvent,
  alertDecider,
  CloseAlert,
  FingerprintOrigin,
  GroupingDecision,
  ReceiveAlert,
  ResolveAlert,
  needsIncident,
  outcomesOf,
  ReceiveAlerts,
  SAMPLED_REPEATS,
} from './alert.decider';
import { DEFAULT_FLAPPING } from './flapping';

/*
 * One fingerprint's stream. Each command is numbered by the minute it is decided at (minute 0 is
 * T0), and its generated ids derive from that number, so a spec can say which alert or incident
 * an outcome must name: `alertOf(3)` is the alert id the firing signal of minute 3 brought.
 */
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const minute = (m: number): string => new Date(T0 + m * 60_000).toISOString();
const alertOf = (m: number): string => uuid(0x3000 + m);
const incidentOf = (m: number): string => uuid(0x4000 + m);
const INTEGRATION = uuid(0xbeef);
const FP = '9f2c1d0e7a6b5c4d';
const WINDOW = { windowId: uuid(0x5000), name: 'db upgrade' };

const common = (m: number) => ({
  signalId: uuid(0x1000 + m),
  eventId: uuid(0x2000 + m),
  fingerprint: FP,
  fingerprintOrigin: { from: 'sender-key' } as FingerprintOrigin,
  integrationId: INTEGRATION,
  sender: 'alertmanager' as const,
  summary: 'Disk almost full on db-1',
  severity: 'critical' as const,
  raw: { text: '{"status":"firing","fingerprint":"9f2c1d0e7a6b5c4d"}', truncated: false },
  context: { actor: 'integration:alertmanager', causationId: `request-${m}`, occurredAt: minute(m) },
});

const fire = (m: number, over: Partial<ReceiveAlert> = {}): ReceiveAlert => ({
  ...common(m),
  type: 'ReceiveAlert',
  alertId: alertOf(m),
  incidentId: incidentOf(m),
  source: 'db-1:9100',
  labels: { alertname: 'DiskFull', service: 'db', instance: 'db-1:9100' },
  service: 'db',
  // The sender saw it start a little before Linchpin recorded it.
  startsAt: new Date(T0 + m * 60_000 - 30_000).toISOString(),
  flapping: DEFAULT_FLAPPING,
  ...over,
});
const resolve = (m: number, over: Partial<ResolveAlert> = {}): ResolveAlert => ({
  ...common(m),
  type: 'ResolveAlert',
  endsAt: new Date(T0 + m * 60_000 - 10_000).toISOString(),
  ...over,
});
/** Firing signals of one fingerprint that waited for the same turn. */
const receiveAll = (signals: ReceiveAlert[]): ReceiveAlerts => ({ type: 'ReceiveAlerts', fingerprint: FP, signals });
const acknowledge = (m: number): AcknowledgeAlert => ({ ...common(m), type: 'AcknowledgeAlert' });
const suppressed = (m: number): ReceiveAlert => fire(m, { suppressedBy: WINDOW });
/** Coordination resolved the incident `incidentOf(opened)` at minute m, while the alert of minute `opened` fired. */
const closeWithIncident = (m: number, opened: number, over: Partial<CloseAlert> = {}): CloseAlert => ({
  type: 'CloseAlert',
  eventId: uuid(0x6000 + m),
  alertId: alertOf(opened),
  incidentId: incidentOf(opened),
  fingerprint: FP,
  by: 'alice',
  context: { actor: 'system:detection', causationId: `incident-resolved-${m}`, occurredAt: minute(m) },
  ...over,
});

/** The events a sequence of commands records, each decided on the state the earlier ones left. */
const recorded = (...commands: AlertCommand[]): AlertEvent[] =>
  commands.reduce<AlertEvent[]>((history, command) => [...history, ...alertDecider.decide(command, given(alertDecider, history).state())], []);

const signalOf = (events: AlertEvent[]): SignalReceivedEvent['data'] => {
  expect(events[0].type).toBe('SignalReceived');
  return (events[0] as SignalReceivedEvent).data;
};
const firedOf = (events: AlertEvent[]): AlertFiredEvent['data'] => {
  const fired = events.find((e) => e.type === 'AlertFired') as AlertFiredEvent | undefined;
  expect(fired).toBeDefined();
  return fired!.data;
};
const types = (events: AlertEvent[]) => events.map((e) => e.type);

describe('alert decider: a fingerprint that is not firing', () => {
  it('opens an incident on its first firing signal: SignalReceived "opened" and AlertFired', () => {
    // then() asserts the command was accepted before handing over the events
    given(alertDecider)
      .when(fire(0))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertFired']);
        expect(events.map((e) => e.id)).toEqual([uuid(0x1000), uuid(0x2000)]);
        expect(signalOf(events)).toMatchObject({
          signalId: uuid(0x1000),
          fingerprint: FP,
          alertId: alertOf(0),
          incidentId: incidentOf(0),
          integrationId: INTEGRATION,
          sender: 'alertmanager',
          status: 'firing',
          outcome: 'opened',
          fingerprintFrom: 'sender-key',
          startsAt: fire(0).startsAt,
        });
        expect(signalOf(events).reason).toContain(`opened incident ${incidentOf(0)}`);
        expect(signalOf(events).reason).toContain(FP);
        expect(firedOf(events)).toMatchObject({
          alertId: alertOf(0),
          incidentId: incidentOf(0),
          fingerprint: FP,
          source: 'db-1:9100',
          summary: 'Disk almost full on db-1',
          severity: 'critical',
          service: 'db',
          sender: 'alertmanager',
          integrationId: INTEGRATION,
        });
        expect(firedOf(events).grouping).toBeUndefined();
        expect(firedOf(events).flapping).toBeUndefined();
      });
  });

  it("keeps the sender's start time apart from when Linchpin recorded it", () => {
    given(alertDecider)
      .when(fire(0))
      .then((events) => {
        expect(firedOf(events).startsAt).toBe('2026-03-02T08:59:30.000Z');
        expect(events[1].metadata).toMatchObject({
          occurredAt: '2026-03-02T09:00:00.000Z',
          incidentId: incidentOf(0),
          correlationId: incidentOf(0),
          causationId: 'request-0',
          actor: 'integration:alertmanager',
        });
      });
  });

  it('keeps the raw payload with the signal, and says whether it was cut', () => {
    given(alertDecider)
      .when(fire(0, { raw: { text: '{"labels":{"alertname":"Disk', truncated: true } }))
      .then((events) => {
        expect(signalOf(events)).toMatchObject({ raw: '{"labels":{"alertname":"Disk', rawTruncated: true });
      });
  });

  it('records events that satisfy the published contracts', () => {
    const events = [...recorded(fire(0), fire(1), resolve(2), resolve(3)), ...recorded(fire(4), closeWithIncident(5, 4))];
    expect(types(events)).toContain('AlertClosed');
    for (const event of events) {
      const definition = { SignalReceived, AlertFired, AlertDeduplicated, AlertResolved, AlertClosed, AlertMovedToIncident }[event.type];
      expect({ type: event.type, errors: definition.validate(event.data) }).toEqual({ type: event.type, errors: [] });
    }
  });
});

describe('alert decider: repeats of a firing alert', () => {
  it('deduplicates into the firing alert, counts the occurrence and opens nothing: one AlertDeduplicated, no SignalReceived', () => {
    given(alertDecider, recorded(fire(0)))
      .when(fire(1, { summary: 'Disk still almost full' }))
      .then((events) => {
        expect(types(events)).toEqual(['AlertDeduplicated']);
        expect(events[0].id).toBe(uuid(0x2001));
        expect(events[0].data).toEqual({
          alertId: alertOf(0),
          fingerprint: FP,
          incidentId: incidentOf(0),
          occurrences: 2,
          receivedSummary: 'Disk still almost full',
          count: 1,
          firstSeenAt: minute(1),
          lastSeenAt: minute(1),
          signalIds: [uuid(0x1001)],
          samples: [{ signalId: uuid(0x1001), raw: common(1).raw.text, rawTruncated: false }],
        });
        expect(events[0].metadata.incidentId).toBe(incidentOf(0));
        expect(outcomesOf([fire(1)], events)).toEqual([
          expect.objectContaining({ signalId: uuid(0x1001), alertId: alertOf(0), incidentId: incidentOf(0), fingerprint: FP, outcome: 'deduplicated' }),
        ]);
      });
  });

  it('keeps counting occurrences', () => {
    given(alertDecider, recorded(fire(0), fire(1), fire(2)))
      .when(fire(3))
      .then((events) => {
        expect(events[0].data).toMatchObject({ alertId: alertOf(0), incidentId: incidentOf(0), occurrences: 4, count: 1 });
      });
  });

  it('decides a batch of k repeats waiting for their turn as one AlertDeduplicated: count k, their ids, first and last seen', () => {
    const batch = [fire(1), fire(2), fire(3, { summary: 'Disk at 99%' })];
    given(alertDecider, recorded(fire(0)))
      .when(receiveAll(batch))
      .then((events) => {
        expect(types(events)).toEqual(['AlertDeduplicated']);
        expect(events[0].id).toBe(uuid(0x2001));
        expect(events[0].data).toMatchObject({
          alertId: alertOf(0),
          incidentId: incidentOf(0),
          occurrences: 4,
          count: 3,
          firstSeenAt: minute(1),
          lastSeenAt: minute(3),
          signalIds: [uuid(0x1001), uuid(0x1002), uuid(0x1003)],
          receivedSummary: 'Disk at 99%',
        });
        // The event is as of the batch's last repeat.
        expect(events[0].metadata).toMatchObject({ occurredAt: minute(3), causationId: 'request-3', incidentId: incidentOf(0) });
        expect(outcomesOf(batch, events).map((o) => [o.signalId, o.outcome, o.alertId])).toEqual([
          [uuid(0x1001), 'deduplicated', alertOf(0)],
          [uuid(0x1002), 'deduplicated', alertOf(0)],
          [uuid(0x1003), 'deduplicated', alertOf(0)],
        ]);
        expect(AlertDeduplicated.validate(events[0].data)).toEqual([]);
      });
  });

  it(`keeps the raw payload of the first ${SAMPLED_REPEATS} repeats of a firing only, then counts`, () => {
    const history = recorded(fire(0), receiveAll([fire(1), fire(2), fire(3)]));
    given(alertDecider, history)
      .when(receiveAll([fire(4), fire(5), fire(6)]))
      .then((events) => {
        expect(events[0].data).toMatchObject({ occurrences: 7, count: 3 });
        expect((events[0] as AlertDeduplicatedEvent).data.samples?.map((s) => s.signalId)).toEqual([uuid(0x1004), uuid(0x1005)]);
      });
    given(alertDecider, recorded(fire(0), receiveAll([fire(1), fire(2), fire(3), fire(4), fire(5)])))
      .when(fire(6))
      .then((events) => expect((events[0] as AlertDeduplicatedEvent).data.samples).toBeUndefined());
    // A new firing samples again.
    given(alertDecider, recorded(fire(0), receiveAll([fire(1), fire(2), fire(3), fire(4), fire(5)]), resolve(6), fire(7)))
      .when(fire(8))
      .then((events) => expect((events[0] as AlertDeduplicatedEvent).data.samples).toHaveLength(1));
  });

  it('a batch that starts the alert: the first signal opens it as before, the rest are one AlertDeduplicated', () => {
    const batch = [fire(0), fire(1), fire(2)];
    given(alertDecider)
      .when(receiveAll(batch))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertFired', 'AlertDeduplicated']);
        expect(signalOf(events)).toMatchObject({ signalId: uuid(0x1000), outcome: 'opened', alertId: alertOf(0) });
        expect(events[2].data).toMatchObject({ alertId: alertOf(0), incidentId: incidentOf(0), occurrences: 3, count: 2, signalIds: [uuid(0x1001), uuid(0x1002)] });
        expect(outcomesOf(batch, events).map((o) => o.outcome)).toEqual(['opened', 'deduplicated', 'deduplicated']);
      });
  });

  it('repeats while not firing keep their own SignalReceived: suppressed ones stay suppressed one by one', () => {
    const batch = [suppressed(0), suppressed(1), suppressed(2)];
    given(alertDecider)
      .when(receiveAll(batch))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'SignalReceived', 'SignalReceived']);
        expect(outcomesOf(batch, events).map((o) => o.outcome)).toEqual(['suppressed', 'suppressed', 'suppressed']);
      });
  });

  it.each<[string, FingerprintOrigin, string]>([
    ["the sender's key", { from: 'sender-key' }, "the sender's key"],
    ['configured fields', { from: 'fields', fields: ['labels.alertname', 'labels.instance'] }, 'the fields labels.alertname, labels.instance'],
    ['the generic rule', { from: 'generic' }, 'source and labels'],
  ])('says why it is a repeat: the fingerprint and how it was made (%s)', (_name, fingerprintOrigin, how) => {
    given(alertDecider, recorded(fire(0)))
      .when(fire(1, { fingerprintOrigin }))
      .then((events) => {
        expect(outcomesOf([fire(1, { fingerprintOrigin })], events)[0].reason).toBe(`deduplicated into alert ${alertOf(0)} by fingerprint ${FP} (from ${how})`);
      });
  });

  it('a maintenance window that starts while the alert fires does not hide its repeats', () => {
    given(alertDecider, recorded(fire(0)))
      .when(suppressed(1))
      .then((events) => {
        expect(types(events)).toEqual(['AlertDeduplicated']);
        expect(outcomesOf([suppressed(1)], events)[0].outcome).toBe('deduplicated');
      });
  });
});

describe('alert decider: resolve and acknowledge', () => {
  it('resolves the firing alert with the time the sender says it ended', () => {
    given(alertDecider, recorded(fire(0)))
      .when(resolve(5))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertResolved']);
        expect(signalOf(events)).toMatchObject({ status: 'resolved', outcome: 'resolved', alertId: alertOf(0), incidentId: incidentOf(0), endsAt: resolve(5).endsAt });
        expect(events[1].data).toEqual({ alertId: alertOf(0), fingerprint: FP, incidentId: incidentOf(0), endsAt: '2026-03-02T09:04:50.000Z' });
      });
  });

  it('a resolve when nothing fires is recorded as "ignored" and resolves nothing', () => {
    given(alertDecider)
      .when(resolve(0))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived']);
        expect(signalOf(events)).toMatchObject({ status: 'resolved', outcome: 'ignored' });
        expect(signalOf(events).alertId).toBeUndefined();
        expect(signalOf(events).reason).toContain('nothing to resolve');
      });
  });

  it('a second resolve of the same alert is "ignored" and names the alert', () => {
    given(alertDecider, recorded(fire(0), resolve(1)))
      .when(resolve(2))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived']);
        expect(signalOf(events)).toMatchObject({ outcome: 'ignored', alertId: alertOf(0) });
        expect(signalOf(events).reason).toBe(`alert ${alertOf(0)} is already resolved`);
      });
  });

  it("records the sender's acknowledgement; the alert keeps firing", () => {
    const history = recorded(fire(0));
    const events = given(alertDecider, history)
      .when(acknowledge(1))
      .then((decided) => {
        expect(types(decided)).toEqual(['SignalReceived']);
        expect(signalOf(decided)).toMatchObject({ status: 'acknowledged', outcome: 'acknowledged', alertId: alertOf(0), incidentId: incidentOf(0) });
      });

    given(alertDecider, [...history, ...events])
      .when(fire(2))
      .then((after) => expect(types(after)).toEqual(['AlertDeduplicated']));
  });

  it('an acknowledgement when nothing fires is "ignored"', () => {
    given(alertDecider)
      .when(acknowledge(0))
      .then((events) => {
        expect(signalOf(events)).toMatchObject({ status: 'acknowledged', outcome: 'ignored' });
      });
  });

  it('after a resolve, a new firing opens a new alert and a new incident', () => {
    given(alertDecider, recorded(fire(0), resolve(1)))
      .when(fire(2))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertFired']);
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(2), incidentId: incidentOf(2) });
      });
  });
});

describe('alert decider: closed because its incident was resolved', () => {
  it('closes the firing alert of that incident, naming who resolved it', () => {
    given(alertDecider, recorded(fire(0)))
      .when(closeWithIncident(5, 0))
      .then((events) => {
        expect(types(events)).toEqual(['AlertClosed']);
        expect(events[0].data).toEqual({
          alertId: alertOf(0),
          fingerprint: FP,
          incidentId: incidentOf(0),
          by: 'alice',
          reason: `incident ${incidentOf(0)} resolved by alice`,
          closedAt: minute(5),
        });
        expect(events[0].id).toBe(uuid(0x6005));
      });
  });

  it('the same alert firing again then opens a new alert and a new incident', () => {
    given(alertDecider, recorded(fire(0), fire(1), closeWithIncident(2, 0)))
      .when(fire(3))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(3), incidentId: incidentOf(3) });
      });
  });

  it('even flapping, it never rejoins the resolved incident', () => {
    // fire, resolve, fire, resolve (4 changes): the next firing would rejoin incidentOf(2); closing that incident forbids it.
    const history = recorded(fire(0), resolve(1), fire(2), resolve(3), fire(4));
    expect(firedOf(history.slice(-2)).incidentId).toBe(incidentOf(2));
    const closed = [...history, ...given(alertDecider, history).when(closeWithIncident(5, 4, { incidentId: incidentOf(2) })).then(() => undefined)];
    expect(types(closed).at(-1)).toBe('AlertClosed');
    given(alertDecider, closed)
      .when(fire(6))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(6), incidentId: incidentOf(6) });
        expect(firedOf(events).flapping).toBeUndefined();
      });
  });

  it('closes an alert that already resolved at its source too, so a flapping re-fire opens a new incident and pages', () => {
    // fire, resolve, fire, resolve: the incident auto-resolves on its cleared signals; the next firing must not rejoin it.
    const history = recorded(fire(0), resolve(1), fire(2), resolve(3));
    const closing = given(alertDecider, history)
      .when(closeWithIncident(4, 2))
      .then((events) => {
        expect(types(events)).toEqual(['AlertClosed']);
        expect(events[0].data).toMatchObject({
          alertId: alertOf(2),
          incidentId: incidentOf(2),
          reason: `incident ${incidentOf(2)} resolved by alice (the alert had already resolved at its source)`,
        });
      });
    given(alertDecider, [...history, ...closing])
      .when(fire(5))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(5), incidentId: incidentOf(5) });
      });
  });

  it('closes nothing when a newer alert fires under the fingerprint, or none ever fired', () => {
    given(alertDecider, recorded(fire(0), resolve(1), fire(2))).when(closeWithIncident(3, 0)).then([]);
    given(alertDecider).when(closeWithIncident(0, 0)).then([]);
  });

  it('a redelivered close closes nothing twice', () => {
    given(alertDecider, recorded(fire(0), closeWithIncident(1, 0))).when(closeWithIncident(1, 0)).then([]);
  });

  it("a sender's resolve after the close is ignored", () => {
    given(alertDecider, recorded(fire(0), closeWithIncident(1, 0)))
      .when(resolve(2))
      .then((events) => {
        expect(signalOf(events)).toMatchObject({ outcome: 'ignored', alertId: alertOf(0) });
      });
  });
});

describe('alert decider: maintenance windows', () => {
  it('records a suppressed alert and opens nothing', () => {
    given(alertDecider)
      .when(suppressed(0))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived']);
        expect(signalOf(events)).toMatchObject({ outcome: 'suppressed', alertId: alertOf(0), maintenanceWindowId: WINDOW.windowId });
        expect(signalOf(events).incidentId).toBeUndefined();
        expect(signalOf(events).reason).toContain('maintenance window "db upgrade"');
      });
  });

  it('a repeat while suppressed stays suppressed, under the same alert', () => {
    given(alertDecider, recorded(suppressed(0)))
      .when(suppressed(1))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived']);
        expect(signalOf(events)).toMatchObject({ outcome: 'suppressed', alertId: alertOf(0), maintenanceWindowId: WINDOW.windowId });
        expect(signalOf(events).reason).toContain('still in maintenance window "db upgrade"');
      });
  });

  it('fires once the window no longer matches, as the alert it already was', () => {
    given(alertDecider, recorded(suppressed(0), suppressed(1)))
      .when(fire(2))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertFired']);
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(0), incidentId: incidentOf(2) });
      });
  });

  it('a resolve while suppressed is recorded and resolves no incident; the next firing is a new alert', () => {
    const history = recorded(suppressed(0));
    const events = given(alertDecider, history)
      .when(resolve(1))
      .then((decided) => {
        expect(types(decided)).toEqual(['SignalReceived']);
        expect(signalOf(decided)).toMatchObject({ outcome: 'resolved', alertId: alertOf(0) });
        expect(signalOf(decided).incidentId).toBeUndefined();
      });

    given(alertDecider, [...history, ...events])
      .when(fire(2))
      .then((next) => expect(firedOf(next)).toMatchObject({ alertId: alertOf(2), incidentId: incidentOf(2) }));
  });

  it('an alert suppressed after it resolved, and resolved again, keeps its last incident for flapping', () => {
    // The suppressed excursion changes nothing that counts: fire and resolve are 2 changes, the next firing the 3rd.
    const policy = { maxChanges: 2, windowSeconds: 3600 };
    const history = recorded(fire(0, { flapping: policy }), resolve(1), fire(2, { suppressedBy: WINDOW, flapping: policy }), resolve(3));
    given(alertDecider, history)
      .when(fire(4, { flapping: policy }))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('flapping');
        expect(firedOf(events).incidentId).toBe(incidentOf(0));
      });
  });
});

describe('alert decider: flapping', () => {
  const cycles = (...minutes: number[]): AlertCommand[] => minutes.map((m, i) => (i % 2 === 0 ? fire(m) : resolve(m)));

  it('more changes than the policy allows within its window rejoins the last incident, marked flapping', () => {
    // Default policy: more than 4 changes in 30 minutes. fire, resolve, fire, resolve: the next firing is the 5th.
    const history = recorded(...cycles(0, 1, 2, 3));
    given(alertDecider, history)
      .when(fire(4))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertFired']);
        expect(signalOf(events)).toMatchObject({ outcome: 'flapping', alertId: alertOf(4), incidentId: incidentOf(2) });
        expect(signalOf(events).reason).toBe(
          `flapping: 5 state changes within 1800 s (more than 4); rejoined its last incident ${incidentOf(2)} instead of opening one`,
        );
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(4), incidentId: incidentOf(2), flapping: true });
      });
  });

  it('up to the allowed number of changes, a new firing still opens a new incident', () => {
    // fire, resolve: the next firing is the 3rd change, not more than 4.
    given(alertDecider, recorded(...cycles(0, 1)))
      .when(fire(2))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(2), incidentId: incidentOf(2) });
        expect(firedOf(events).flapping).toBeUndefined();
      });
  });

  it('changes older than the window do not count: it opens a new incident', () => {
    // At minute 45 the 30-minute window starts at minute 15: only the changes of minutes 20 and 30 count.
    given(alertDecider, recorded(...cycles(0, 10, 20, 30)))
      .when(fire(45))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('opened');
        expect(firedOf(events)).toMatchObject({ alertId: alertOf(45), incidentId: incidentOf(45) });
        expect(firedOf(events).flapping).toBeUndefined();
      });
  });

  it("follows the integration's own policy", () => {
    const strict = { maxChanges: 2, windowSeconds: 600 };
    given(alertDecider, recorded(fire(0, { flapping: strict }), resolve(1)))
      .when(fire(2, { flapping: strict }))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('flapping');
        expect(firedOf(events).incidentId).toBe(incidentOf(0));
      });
  });

  it('exactly as many changes as the policy allows is not flapping', () => {
    const three = { maxChanges: 3, windowSeconds: 600 };
    given(alertDecider, recorded(fire(0, { flapping: three }), resolve(1)))
      .when(fire(2, { flapping: three }))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('opened');
      });
  });

  it('a flapping alert ignores a grouping decision: it goes back to its own last incident', () => {
    const grouping: GroupingDecision = { groupId: 'g-1', ruleId: 'service:db', ruleVersion: 3, incidentId: uuid(0x9999), opened: false };
    given(alertDecider, recorded(...cycles(0, 1, 2, 3)))
      .when(fire(4, { grouping }))
      .then((events) => {
        expect(signalOf(events).outcome).toBe('flapping');
        expect(firedOf(events).incidentId).toBe(incidentOf(2));
        expect(firedOf(events).grouping).toBeUndefined();
      });
  });
});

describe('alert decider: grouping by a correlation rule', () => {
  const decision = (opened: boolean): GroupingDecision => ({
    groupId: 'c0ffee',
    ruleId: 'service:db',
    ruleVersion: 3,
    incidentId: uuid(0x7777),
    opened,
  });

  it('the first alert of a group opens the incident the group chose, naming rule and version', () => {
    given(alertDecider)
      .when(fire(0, { grouping: decision(true) }))
      .then((events) => {
        expect(types(events)).toEqual(['SignalReceived', 'AlertFired']);
        expect(signalOf(events)).toMatchObject({
          outcome: 'opened',
          incidentId: uuid(0x7777),
          grouping: { groupId: 'c0ffee', ruleId: 'service:db', ruleVersion: 3, opened: true },
        });
        expect(signalOf(events).reason).toBe(`opened incident ${uuid(0x7777)}: first alert of group c0ffee under rule service:db v3`);
        expect(firedOf(events)).toMatchObject({
          alertId: alertOf(0),
          incidentId: uuid(0x7777),
          grouping: { groupId: 'c0ffee', ruleId: 'service:db', ruleVersion: 3, opened: true },
        });
      });
  });

  it('a later alert of the group is "grouped" into the open incident, naming rule and version', () => {
    given(alertDecider)
      .when(fire(0, { grouping: decision(false) }))
      .then((events) => {
        expect(signalOf(events)).toMatchObject({ outcome: 'grouped', incidentId: uuid(0x7777) });
        expect(signalOf(events).reason).toBe(`grouped into incident ${uuid(0x7777)} by rule service:db v3`);
        expect(firedOf(events)).toMatchObject({ incidentId: uuid(0x7777), grouping: { ruleId: 'service:db', ruleVersion: 3, opened: false } });
      });
  });

  it('a repeat of a grouped alert deduplicates into the grouped incident', () => {
    given(alertDecider, recorded(fire(0, { grouping: decision(false) })))
      .when(fire(1))
      .then((events) => {
        expect(events[0].data).toMatchObject({ alertId: alertOf(0), incidentId: uuid(0x7777), occurrences: 2 });
      });
  });
});

describe('needsIncident: whether a firing signal needs an incident chosen', () => {
  const flappingHistory = recorded(fire(0), resolve(1), fire(2), resolve(3));
  it.each<[string, boolean, AlertEvent[], ReceiveAlert]>([
    ['a fingerprint never seen', true, [], fire(10)],
    ['a fingerprint that resolved', true, recorded(fire(0), resolve(1)), fire(10)],
    ['a suppressed alert whose window ended', true, recorded(suppressed(0)), fire(10)],
    ['a repeat of a firing alert', false, recorded(fire(0)), fire(10)],
    ['an alert in a maintenance window', false, [], suppressed(10)],
    ['a flapping alert (it rejoins its last incident)', false, flappingHistory, fire(4)],
  ])('%s: %s', (_name, expected, history, command) => {
    expect(needsIncident(command, given(alertDecider, history).state())).toBe(expected);
  });

  it.each<[string, AlertEvent[], ReceiveAlert]>([
    ['a fingerprint never seen', [], fire(10)],
    ['a fingerprint that resolved', recorded(fire(0), resolve(1)), fire(10)],
    ['a suppressed alert whose window ended', recorded(suppressed(0)), fire(10)],
    ['a repeat of a firing alert', recorded(fire(0)), fire(10)],
    ['an alert in a maintenance window', [], suppressed(10)],
    ['a flapping alert', flappingHistory, fire(4)],
    ['an alert closed with its resolved incident, firing again', recorded(fire(0), resolve(1), fire(2), closeWithIncident(3, 2)), fire(4)],
  ])('agrees with the decision itself (a new, not flapping AlertFired): %s', (_name, history, command) => {
    const state = given(alertDecider, history).state();
    const fires = alertDecider.decide(command, state).some((e) => e.type === 'AlertFired' && !(e as AlertFiredEvent).data.flapping);
    expect(needsIncident(command, state)).toBe(fires);
  });

  it('is false for a signal that does not fire (resolve, acknowledge): no incident is chosen for it', () => {
    expect(needsIncident(resolve(10), alertDecider.initialState)).toBe(false);
    expect(needsIncident(acknowledge(10), given(alertDecider, recorded(fire(0))).state())).toBe(false);
  });

  it('asks without regard to a grouping already on the command', () => {
    const grouping: GroupingDecision = { groupId: 'g', ruleId: 'r', ruleVersion: 1, incidentId: uuid(0x7777), opened: false };
    expect(needsIncident(fire(10, { grouping }), given(alertDecider, recorded(fire(0))).state())).toBe(false);
    expect(needsIncident(fire(10, { grouping }), alertDecider.initialState)).toBe(true);
  });
});
