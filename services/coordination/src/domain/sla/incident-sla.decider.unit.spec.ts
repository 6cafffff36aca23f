import { deterministicId, given, timerEventId } from '@linchpin/eventsourcing';
import { FireSlaTimer, IncidentSlaCommand, IncidentSlaEvent, incidentSlaDecider, RetargetSlaClocks, StartSlaClocks, StopSlaClocks } from './incident-sla.decider';
import { BUILT_IN_SLA_TARGETS, SlaTarget } from './sla-targets';

const INCIDENT = '00000000-0000-4000-8000-0000000000a1';
const START_ID = '00000000-0000-4000-8000-000000000001';
const OPENED = '2026-03-03T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(OPENED) + minutes * 60_000).toISOString();
const context = (minutes = 0) => ({ actor: 'system:coordination', causationId: 'cause', occurredAt: at(minutes) });
const timerOf = (eventId: string, target: SlaTarget) => deterministicId(eventId, `coordination.sla.timer.${target}`);

const start = (over: Partial<StartSlaClocks> = {}): StartSlaClocks => ({
  type: 'StartSlaClocks',
  incidentId: INCIDENT,
  eventId: START_ID,
  startedAt: OPENED,
  priority: 'P3',
  policy: { version: 1, targets: BUILT_IN_SLA_TARGETS },
  context: context(),
  ...over,
});
const stop = (targets: SlaTarget[], cause: StopSlaClocks['cause'], minutes: number, eventId = '00000000-0000-4000-8000-000000000002'): StopSlaClocks => ({
  type: 'StopSlaClocks',
  incidentId: INCIDENT,
  eventId,
  targets,
  cause,
  at: at(minutes),
  context: context(minutes),
});
const fire = (timerId: string, dueMinutes: number, nowMinutes: number, over: Partial<FireSlaTimer> = {}): FireSlaTimer => ({
  type: 'FireSlaTimer',
  incidentId: INCIDENT,
  timerId,
  dueAt: at(dueMinutes),
  context: context(nowMinutes),
  ...over,
});
const retarget = (priority: RetargetSlaClocks['priority'], minutes: number, eventId = '00000000-0000-4000-8000-000000000003'): RetargetSlaClocks => ({
  type: 'RetargetSlaClocks',
  incidentId: INCIDENT,
  eventId,
  priority,
  context: context(minutes),
});

const after = (history: IncidentSlaEvent[], ...commands: IncidentSlaCommand[]): IncidentSlaEvent[] =>
  commands.reduce<IncidentSlaEvent[]>((h, c) => [...h, ...given(incidentSlaDecider, h).when(c).then(() => undefined)], history);
const started = (priority: StartSlaClocks['priority'] = 'P3') => given(incidentSlaDecider).when(start({ priority })).events;

describe('incident SLA decider (incidentSla-<incidentId>)', () => {
  it('given nothing, when the incident opens at P3, then SlaClocksStarted under the version in force and one timer per target', () => {
    given(incidentSlaDecider)
      .when(start())
      .then([
        expect.objectContaining({
          type: 'SlaClocksStarted',
          id: START_ID,
          data: {
            incidentId: INCIDENT,
            slaVersion: 1,
            priority: 'P3',
            startedAt: OPENED,
            clocks: [
              { target: 'acknowledge', minutes: 60, dueAt: at(60) },
              { target: 'mitigate', minutes: 240, dueAt: at(240) },
              { target: 'resolve', minutes: 1440, dueAt: at(1440) },
            ],
            targets: BUILT_IN_SLA_TARGETS,
          },
          metadata: expect.objectContaining({ incidentId: INCIDENT, correlationId: INCIDENT }),
        }),
        expect.objectContaining({ type: 'TimerScheduled', data: { timerId: timerOf(START_ID, 'acknowledge'), dueAt: at(60), purpose: 'sla', details: { target: 'acknowledge' } } }),
        expect.objectContaining({ type: 'TimerScheduled', data: expect.objectContaining({ dueAt: at(240), details: { target: 'mitigate' } }) }),
        expect.objectContaining({ type: 'TimerScheduled', data: expect.objectContaining({ dueAt: at(1440), details: { target: 'resolve' } }) }),
      ]);
  });

  it('given started clocks, when opened again (a later page, a redelivery), then nothing', () => {
    given(incidentSlaDecider, started()).when(start({ eventId: '00000000-0000-4000-8000-0000000000ff' })).then([]);
  });

  it('given a P4 incident (no targets), when opened, then SlaClocksStarted with no clock and no timer', () => {
    given(incidentSlaDecider)
      .when(start({ priority: 'P4' }))
      .then([expect.objectContaining({ type: 'SlaClocksStarted', data: expect.objectContaining({ priority: 'P4', clocks: [] }) })]);
  });

  it('given running clocks, when acknowledged within the target, then the acknowledge clock is met and its timer cancelled', () => {
    given(incidentSlaDecider, started())
      .when(stop(['acknowledge'], 'acknowledged', 30))
      .then([
        expect.objectContaining({ type: 'TimerCancelled', data: { timerId: timerOf(START_ID, 'acknowledge'), reason: 'acknowledged' } }),
        expect.objectContaining({ type: 'SlaClockStopped', data: { incidentId: INCIDENT, target: 'acknowledge', cause: 'acknowledged', stoppedAt: at(30), outcome: 'met', dueAt: at(60) } }),
      ]);
  });

  it('given a stopped clock, when the same fact comes again, then nothing', () => {
    const history = after(started(), stop(['acknowledge'], 'acknowledged', 30));
    given(incidentSlaDecider, history).when(stop(['acknowledge'], 'acknowledged', 31, '00000000-0000-4000-8000-0000000000fe')).then([]);
  });

  it('given a running clock, when its timer fires, then TimerFired and SlaBreached once; a second firing decides nothing', () => {
    const timerId = timerOf(START_ID, 'acknowledge');
    const breached = given(incidentSlaDecider, started()).when(fire(timerId, 60, 61)).events;
    expect(breached).toEqual([
      expect.objectContaining({ type: 'TimerFired', data: { timerId, dueAt: at(60), firedAt: at(61) } }),
      expect.objectContaining({
        type: 'SlaBreached',
        data: { incidentId: INCIDENT, target: 'acknowledge', priority: 'P3', dueAt: at(60), breachedAt: at(61), slaVersion: 1 },
        metadata: expect.objectContaining({ incidentId: INCIDENT }),
      }),
    ]);
    given(incidentSlaDecider, [...started(), ...breached]).when(fire(timerId, 60, 62)).then([]);
  });

  it('given a breached clock, when acknowledged late, then the clock stops breached with no second SlaBreached', () => {
    const history = after(started(), fire(timerOf(START_ID, 'acknowledge'), 60, 61));
    given(incidentSlaDecider, history)
      .when(stop(['acknowledge'], 'acknowledged', 70))
      .then([expect.objectContaining({ type: 'SlaClockStopped', data: expect.objectContaining({ outcome: 'breached', stoppedAt: at(70) }) })]);
  });

  it('given a clock past due whose timer has not fired yet, when acknowledged, then the breach is recorded with the stop', () => {
    given(incidentSlaDecider, started())
      .when(stop(['acknowledge'], 'acknowledged', 65))
      .then([
        expect.objectContaining({ type: 'TimerCancelled' }),
        expect.objectContaining({ type: 'SlaBreached', data: expect.objectContaining({ target: 'acknowledge', dueAt: at(60), breachedAt: at(65) }) }),
        expect.objectContaining({ type: 'SlaClockStopped', data: expect.objectContaining({ outcome: 'breached' }) }),
      ]);
  });

  it('given a timer due while the acknowledgement had happened in time but not arrived yet, when it fires, then met, not breached', () => {
    given(incidentSlaDecider, started())
      .when(fire(timerOf(START_ID, 'acknowledge'), 60, 60, { happenedAt: { at: at(59), cause: 'acknowledged' } }))
      .then([
        expect.objectContaining({ type: 'TimerFired' }),
        expect.objectContaining({ type: 'SlaClockStopped', data: expect.objectContaining({ target: 'acknowledge', cause: 'acknowledged', stoppedAt: at(59), outcome: 'met' }) }),
      ]);
  });

  it('given running clocks, when resolved, then every clock still running stops (met or breached) and every timer is cancelled', () => {
    const history = after(started(), stop(['acknowledge'], 'acknowledged', 10));
    given(incidentSlaDecider, history)
      .when(stop(['acknowledge', 'mitigate', 'resolve'], 'resolved', 300, '00000000-0000-4000-8000-000000000004'))
      .then((events) => {
        expect(events.map((e) => [e.type, 'target' in e.data ? e.data.target : (e.data as { timerId: string }).timerId])).toEqual([
          ['TimerCancelled', timerOf(START_ID, 'mitigate')],
          ['SlaBreached', 'mitigate'],
          ['SlaClockStopped', 'mitigate'],
          ['TimerCancelled', timerOf(START_ID, 'resolve')],
          ['SlaClockStopped', 'resolve'],
        ]);
        expect(events[4].data).toMatchObject({ outcome: 'met', cause: 'resolved' });
      });
  });

  it('given P3 clocks, when re-prioritised to P1, then running clocks are cancelled and due again from the start by P1', () => {
    const retargetId = '00000000-0000-4000-8000-000000000003';
    given(incidentSlaDecider, started())
      .when(retarget('P1', 2, retargetId))
      .then([
        expect.objectContaining({ type: 'TimerCancelled', data: { timerId: timerOf(START_ID, 'acknowledge'), reason: 'reprioritised' } }),
        expect.objectContaining({ type: 'TimerCancelled', data: { timerId: timerOf(START_ID, 'mitigate'), reason: 'reprioritised' } }),
        expect.objectContaining({ type: 'TimerCancelled', data: { timerId: timerOf(START_ID, 'resolve'), reason: 'reprioritised' } }),
        expect.objectContaining({
          type: 'SlaClocksRetargeted',
          data: {
            incidentId: INCIDENT,
            slaVersion: 1,
            previous: 'P3',
            priority: 'P1',
            clocks: [
              { target: 'acknowledge', minutes: 5, dueAt: at(5) },
              { target: 'mitigate', minutes: 30, dueAt: at(30) },
              { target: 'resolve', minutes: 240, dueAt: at(240) },
            ],
            withoutTarget: [],
          },
        }),
        expect.objectContaining({ type: 'TimerScheduled', data: expect.objectContaining({ timerId: timerOf(retargetId, 'acknowledge'), dueAt: at(5) }) }),
        expect.objectContaining({ type: 'TimerScheduled', data: expect.objectContaining({ timerId: timerOf(retargetId, 'mitigate'), dueAt: at(30) }) }),
        expect.objectContaining({ type: 'TimerScheduled', data: expect.objectContaining({ timerId: timerOf(retargetId, 'resolve'), dueAt: at(240) }) }),
      ]);
  });

  it('given a re-targeted clock, when its old (cancelled) timer fires anyway, then nothing', () => {
    const history = after(started(), retarget('P1', 2));
    given(incidentSlaDecider, history).when(fire(timerOf(START_ID, 'acknowledge'), 60, 60)).then([]);
  });

  it('given a met acknowledge clock, when re-prioritised, then it keeps its outcome; P1 → P4 leaves the others without target', () => {
    const history = after(started('P1'), stop(['acknowledge'], 'acknowledged', 3));
    given(incidentSlaDecider, history)
      .when(retarget('P4', 10))
      .then((events) => {
        const retargeted = events.find((e) => e.type === 'SlaClocksRetargeted');
        expect(retargeted?.data).toMatchObject({ previous: 'P1', priority: 'P4', clocks: [], withoutTarget: ['mitigate', 'resolve'] });
        expect(events.filter((e) => e.type === 'TimerCancelled')).toHaveLength(2);
        expect(events.filter((e) => e.type === 'TimerScheduled')).toHaveLength(0);
      });
  });

  it('given the same priority, when re-prioritised, then nothing; given no clocks started, then nothing', () => {
    given(incidentSlaDecider, started()).when(retarget('P3', 5)).then([]);
    given(incidentSlaDecider).when(retarget('P1', 5)).then([]);
    given(incidentSlaDecider).when(stop(['resolve'], 'resolved', 5)).then([]);
    given(incidentSlaDecider).when(fire('t', 5, 5)).then([]);
  });

  it('given a P4 incident acknowledged (no target), when re-prioritised to P1, then no acknowledge clock starts for what is done', () => {
    const history = after(started('P4'), stop(['acknowledge'], 'acknowledged', 1));
    expect(history[history.length - 1].data).toMatchObject({ target: 'acknowledge', outcome: 'not-applicable', dueAt: null });
    given(incidentSlaDecider, history)
      .when(retarget('P1', 2))
      .then((events) => {
        expect(events.find((e) => e.type === 'SlaClocksRetargeted')?.data).toMatchObject({ clocks: [{ target: 'mitigate' }, { target: 'resolve' }] });
        expect(events.filter((e) => e.type === 'TimerScheduled').map((e) => (e.data as unknown as { details: { target: string } }).details.target)).toEqual(['mitigate', 'resolve']);
      });
  });

  it('ids are the timer kernel\'s: a fired timer\'s event id derives from its timer id', () => {
    const timerId = timerOf(START_ID, 'resolve');
    const [fired] = given(incidentSlaDecider, started()).when(fire(timerId, 1440, 1440)).events;
    expect(fired.id).toBe(timerEventId(timerId, 'fired'));
  });
});
