import { given } from '@linchpin/eventsourcing';
import { AlertFired, AlertFiredEvent, AlertMovedToIncident, AlertsMovedOutOfIncident, AlertsMovedToIncident } from '@linchpin/contracts';
import { AlertCommand, AlertEvent, MoveAlert, ReceiveAlert, alertDecider } from './alert.decider';
import { DEFAULT_FLAPPING } from './flapping';
import { IncidentEvent, MoveAlertsIn, MoveAlertsOut, MovedAlert, hasFiringAlert, incidentDecider, movedAlertOf } from './incident.decider';

/*
 * issue 13: coordination merged incident MERGED into SURVIVOR (or undid it); detection moves the
 * alerts: each alert's stream learns its new incident, the incidents' streams which alerts count.
 */
const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const MERGED = uuid(0xa1);
const SURVIVOR = uuid(0xa2);
const ALERT = uuid(0x31);
const FP = 'fp-1';
const at = (m: number): string => new Date(Date.parse('2026-03-02T09:00:00.000Z') + m * 60_000).toISOString();
const ctx = (m: number) => ({ actor: 'system:detection', causationId: `merge-${m}`, occurredAt: at(m) });

const fire = (m: number, over: Partial<ReceiveAlert> = {}): ReceiveAlert => ({
  type: 'ReceiveAlert',
  signalId: uuid(0x1000 + m),
  eventId: uuid(0x2000 + m),
  fingerprint: FP,
  fingerprintOrigin: { from: 'sender-key' },
  sender: 'alertmanager',
  summary: 'Disk almost full',
  severity: 'critical',
  raw: { text: '{}', truncated: false },
  context: { actor: 'integration:alertmanager', causationId: `request-${m}`, occurredAt: at(m) },
  alertId: ALERT,
  incidentId: MERGED,
  source: 'db-1',
  labels: { alertname: 'DiskFull' },
  startsAt: at(m),
  flapping: DEFAULT_FLAPPING,
  ...over,
});
const moveAlert = (over: Partial<MoveAlert> = {}): MoveAlert => ({
  type: 'MoveAlert',
  eventId: uuid(0x6001),
  alertId: ALERT,
  fingerprint: FP,
  from: MERGED,
  to: SURVIVOR,
  reason: 'merged',
  context: ctx(5),
  ...over,
});
const recorded = (...commands: AlertCommand[]): AlertEvent[] =>
  commands.reduce<AlertEvent[]>((history, command) => [...history, ...alertDecider.decide(command, given(alertDecider, history).state())], []);

describe('alert decider: an alert moves with a merge', () => {
  it('given a firing alert of the merged incident, when moved to the survivor, then AlertMovedToIncident, and a re-fire deduplicates into the survivor', () => {
    const history = recorded(fire(0));
    const events = given(alertDecider, history)
      .when(moveAlert())
      .then([expect.objectContaining({ type: 'AlertMovedToIncident', data: { alertId: ALERT, fingerprint: FP, incidentId: SURVIVOR, from: MERGED, reason: 'merged' } })]);
    expect(AlertMovedToIncident.validate(events[0].data)).toEqual([]);
    expect(events[0].metadata.incidentId).toBe(SURVIVOR);
    given(alertDecider, [...history, ...events])
      .when(fire(6))
      .then((refire) => {
        expect(refire.map((e) => e.type)).toEqual(['AlertDeduplicated']);
        expect(refire[0].data).toMatchObject({ alertId: ALERT, incidentId: SURVIVOR });
      });
  });

  it('given a moved alert, when moved again (a redelivery), then nothing', () => {
    given(alertDecider, recorded(fire(0), moveAlert())).when(moveAlert()).then([]);
  });

  it('given a newer alert of the fingerprint (another incident), when the old alert is moved, then nothing', () => {
    given(alertDecider, recorded(fire(0, { alertId: uuid(0x99), incidentId: uuid(0xb1) }))).when(moveAlert()).then([]);
  });

  it('given a moved alert, when moved back with the unmerge, then it belongs to the merged incident again', () => {
    const history = recorded(fire(0), moveAlert(), moveAlert({ eventId: uuid(0x6002), from: SURVIVOR, to: MERGED, reason: 'unmerged' }));
    expect(given(alertDecider, history).state()).toMatchObject({ status: 'firing', incidentId: MERGED });
  });
});

const joined = (alertId: string, incidentId: string, m: number): AlertFiredEvent =>
  AlertFired.create(
    uuid(0xf00 + m),
    { alertId, fingerprint: `fp-${alertId}`, source: 'db-1', summary: 's', severity: 'error', labels: {}, startsAt: at(m), incidentId, sender: 'alertmanager', service: 'db' },
    { incidentId, correlationId: incidentId, causationId: `r-${m}`, actor: 'integration:alertmanager', occurredAt: at(m) },
  );
const observed = (incidentId: string, ...fired: AlertFiredEvent[]): IncidentEvent[] =>
  fired.reduce<IncidentEvent[]>((history, event) => [...history, ...given(incidentDecider, history).when({ type: 'ObserveSignal', incidentId, event }).events], []);
const moveIn = (alerts: MovedAlert[], over: Partial<MoveAlertsIn> = {}): MoveAlertsIn => ({
  type: 'MoveAlertsIn',
  incidentId: SURVIVOR,
  eventId: uuid(0x7001),
  from: MERGED,
  reason: 'merged',
  alerts,
  context: ctx(5),
  ...over,
});
const moveOut = (alertIds: string[], over: Partial<MoveAlertsOut> = {}): MoveAlertsOut => ({
  type: 'MoveAlertsOut',
  incidentId: MERGED,
  eventId: uuid(0x7002),
  to: SURVIVOR,
  reason: 'merged',
  alertIds,
  context: ctx(5),
  ...over,
});

describe('incident decider: alerts move between incidents', () => {
  const mergedHistory = observed(MERGED, joined(uuid(0x31), MERGED, 1));
  const alert = movedAlertOf(uuid(0x31), given(incidentDecider, mergedHistory).state().alerts[uuid(0x31)]);

  it('given a survivor, when the merged incident`s alerts move in, then AlertsMovedToIncident with each alert as it stands, counted toward the survivor', () => {
    const survivor = observed(SURVIVOR, joined(uuid(0x41), SURVIVOR, 2));
    const events = given(incidentDecider, survivor)
      .when(moveIn([alert]))
      .then([expect.objectContaining({ type: 'AlertsMovedToIncident', data: { incidentId: SURVIVOR, from: MERGED, reason: 'merged', alerts: [alert] } })]);
    expect(AlertsMovedToIncident.validate(events[0].data)).toEqual([]);
    expect(alert).toMatchObject({ alertId: uuid(0x31), firing: true, severity: 'error', service: 'db' });
    const state = given(incidentDecider, [...survivor, ...events]).state();
    expect(Object.keys(state.alerts)).toEqual([uuid(0x41), uuid(0x31)]);
    expect(state.alerts[uuid(0x31)]).toMatchObject({ firing: true, movedFrom: MERGED });
    // Redelivered: already here, nothing moves again.
    given(incidentDecider, [...survivor, ...events]).when(moveIn([alert], { eventId: uuid(0x7003) })).then([]);
  });

  it('given the merged incident, when its alerts move out, then AlertsMovedOutOfIncident: it counts none and takes no correlated alert', () => {
    const events = given(incidentDecider, mergedHistory)
      .when(moveOut([uuid(0x31)]))
      .then([expect.objectContaining({ type: 'AlertsMovedOutOfIncident', data: { incidentId: MERGED, to: SURVIVOR, reason: 'merged', alertIds: [uuid(0x31)] } })]);
    expect(AlertsMovedOutOfIncident.validate(events[0].data)).toEqual([]);
    const state = given(incidentDecider, [...mergedHistory, ...events]).state();
    expect(state.alerts).toEqual({});
    expect(hasFiringAlert(state)).toBe(false);
    given(incidentDecider, [...mergedHistory, ...events]).when(moveOut([uuid(0x31)], { eventId: uuid(0x7004) })).then([]);
  });

  it('given a merged incident, when its alerts come back with the unmerge, then it counts them again and takes correlated alerts again', () => {
    const out = [...mergedHistory, ...given(incidentDecider, mergedHistory).when(moveOut([uuid(0x31)])).events];
    const back = given(incidentDecider, out).when(moveIn([alert], { incidentId: MERGED, from: SURVIVOR, reason: 'unmerged' })).events;
    const state = given(incidentDecider, [...out, ...back]).state();
    expect(state.alerts[uuid(0x31)]).toMatchObject({ firing: true });
    expect(state.alerts[uuid(0x31)].movedFrom).toBeUndefined();
    expect(hasFiringAlert(state)).toBe(true);
  });

  it('given a survivor with moved alerts, when a moved alert resolves at its source and the last firing one did, then SignalsCleared counts them all', () => {
    const survivor = observed(SURVIVOR, joined(uuid(0x41), SURVIVOR, 2));
    const history = [...survivor, ...given(incidentDecider, survivor).when(moveIn([alert])).events];
    const resolvedEvent = (alertId: string, m: number) => ({
      ...joined(alertId, SURVIVOR, m),
      type: 'AlertResolved' as const,
      schemaVersion: 1,
      data: { alertId, fingerprint: `fp-${alertId}`, incidentId: SURVIVOR, endsAt: at(m) },
    });
    const first = given(incidentDecider, history).when({ type: 'ObserveSignal', incidentId: SURVIVOR, event: resolvedEvent(uuid(0x31), 7) as never }).events;
    const second = given(incidentDecider, [...history, ...first]).when({ type: 'ObserveSignal', incidentId: SURVIVOR, event: resolvedEvent(uuid(0x41), 8) as never }).events;
    expect(second.find((e) => e.type === 'SignalsCleared')?.data).toMatchObject({ incidentId: SURVIVOR, alertCount: 2 });
  });
});
