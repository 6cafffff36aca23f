import { HeartbeatMissed, HeartbeatRestored } from '@linchpin/contracts';
import { deterministicId, given, timerEventId } from '@linchpin/eventsourcing';
import {
  configuredEventId,
  FireHeartbeatTimer,
  HeartbeatConfig,
  heartbeatDecider,
  HeartbeatEvent,
  heartbeatStatus,
  RecordBeat,
} from './heartbeat.decider';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const INTEGRATION_ID = uuid(0x10);
/** Minutes (and seconds) after 10:00 on 2026-05-01. */
const at = (minutes: number, seconds = 0) => new Date(Date.UTC(2026, 4, 1, 10, minutes, seconds)).toISOString();
const context = (occurredAt: string) => ({ actor: 'test', causationId: 'cause', occurredAt });

const ENABLED: HeartbeatConfig['heartbeat'] = { intervalMinutes: 5, graceMinutes: 1, severity: 'critical' };
/** `null`: no heartbeat setting. */
const config = (version: number, heartbeat: HeartbeatConfig['heartbeat'] | null = ENABLED, revoked = false): HeartbeatConfig => ({
  integrationId: INTEGRATION_ID,
  name: 'Prometheus',
  service: 'checkout',
  version,
  revoked,
  ...(heartbeat ? { heartbeat } : {}),
});

const configure = (c: HeartbeatConfig, minutes: number) => ({ type: 'ConfigureHeartbeat' as const, integrationId: INTEGRATION_ID, config: c, context: context(at(minutes)) });
const beat = (n: number, occurredAt: string, c: HeartbeatConfig = config(1)): RecordBeat => ({
  type: 'RecordBeat',
  integrationId: INTEGRATION_ID,
  eventId: uuid(0x100 + n),
  config: c,
  context: context(occurredAt),
});
const fire = (timerId: string, dueAt: string, firedAt: string): FireHeartbeatTimer => ({
  type: 'FireHeartbeatTimer',
  integrationId: INTEGRATION_ID,
  timerId,
  dueAt,
  context: context(firedAt),
});

const types = (events: HeartbeatEvent[]) => events.map((e) => e.type);
const scheduled = (events: HeartbeatEvent[]) => events.find((e) => e.type === 'TimerScheduled') as Extract<HeartbeatEvent, { type: 'TimerScheduled' }>;

/** Enabled at 10:00 (5 min + 1 min grace), then a beat at 10:02. */
const enabledThenBeat = (): HeartbeatEvent[] => {
  const enabled = given(heartbeatDecider).when(configure(config(1), 0)).events;
  return [...enabled, ...given(heartbeatDecider, enabled).when(beat(1, at(2))).events];
};

describe('heartbeat decider', () => {
  it('given an integration without a heartbeat, when configured, then nothing is recorded', () => {
    given(heartbeatDecider).when(configure(config(1, null), 0)).then([]);
  });

  it('given a new heartbeat setting, when configured, then the deadline is interval + grace from now', () => {
    const events = given(heartbeatDecider).when(configure(config(1), 0)).events;
    expect(types(events)).toEqual(['HeartbeatConfigured', 'TimerScheduled']);
    expect(events[0].id).toBe(configuredEventId(config(1)));
    expect(scheduled(events).data).toMatchObject({ dueAt: at(6), purpose: 'heartbeat' });
    // The route, a restart's reconciliation and a beat may all apply the same version: the second records nothing.
    given(heartbeatDecider, events).when(configure(config(1), 3)).then([]);
  });

  it('given a pending deadline, when a beat comes, then it cancels that deadline and schedules the next from the beat', () => {
    const enabled = given(heartbeatDecider).when(configure(config(1), 0)).events;
    const events = given(heartbeatDecider, enabled).when(beat(1, at(2))).events;
    expect(types(events)).toEqual(['TimerCancelled', 'TimerScheduled']);
    expect(events[0].data).toMatchObject({ timerId: scheduled(enabled).data.timerId, reason: 'beat' });
    expect(scheduled(events).data).toMatchObject({ dueAt: at(8), details: { lastBeatAt: at(2) } });
    expect(heartbeatStatus(given(heartbeatDecider, [...enabled, ...events]).state())).toEqual({ status: 'up', lastBeatAt: at(2), expectedBy: at(8) });
  });

  it('given a deadline set by a beat under 30 s ago, when another beat comes, then nothing is recorded (a burst of signals costs nothing)', () => {
    given(heartbeatDecider, enabledThenBeat()).when(beat(2, at(2, 20))).then([]);
    expect(types(given(heartbeatDecider, enabledThenBeat()).when(beat(2, at(2, 30))).events)).toEqual(['TimerCancelled', 'TimerScheduled']);
  });

  it('given a pending deadline, when it fires, then TimerFired and HeartbeatMissed with the deadline and the last beat', () => {
    const history = enabledThenBeat();
    const timer = scheduled(history.slice(-1)).data;
    const events = given(heartbeatDecider, history).when(fire(timer.timerId, timer.dueAt, at(8, 1))).events;
    expect(types(events)).toEqual(['TimerFired', 'HeartbeatMissed']);
    expect(events[0].id).toBe(timerEventId(timer.timerId, 'fired'));
    expect(events[1].data).toEqual({ integrationId: INTEGRATION_ID, name: 'Prometheus', service: 'checkout', expectedBy: at(8), lastBeatAt: at(2) });
    expect(HeartbeatMissed.validate(events[1].data)).toEqual([]);
    expect(events[1].metadata).toMatchObject({ correlationId: INTEGRATION_ID, occurredAt: at(8, 1) });
  });

  it('given a heartbeat never beaten, when it fires, then lastBeatAt is null', () => {
    const enabled = given(heartbeatDecider).when(configure(config(1), 0)).events;
    const timer = scheduled(enabled).data;
    given(heartbeatDecider, enabled)
      .when(fire(timer.timerId, timer.dueAt, at(6)))
      .then((events) => expect(events[1].data).toMatchObject({ expectedBy: at(6), lastBeatAt: null }));
  });

  it('given a fired deadline, when it fires again (a replica, a restart), then nothing', () => {
    const enabled = given(heartbeatDecider).when(configure(config(1), 0)).events;
    const timer = scheduled(enabled).data;
    const fired = given(heartbeatDecider, enabled).when(fire(timer.timerId, timer.dueAt, at(6))).events;
    given(heartbeatDecider, [...enabled, ...fired]).when(fire(timer.timerId, timer.dueAt, at(7))).then([]);
  });

  it('given a cancelled deadline (a beat came), when the old timer fires, then nothing', () => {
    const enabled = given(heartbeatDecider).when(configure(config(1), 0)).events;
    const timer = scheduled(enabled).data;
    given(heartbeatDecider, enabledThenBeat()).when(fire(timer.timerId, timer.dueAt, at(6))).then([]);
  });

  it('given a missed heartbeat, when a beat comes, then HeartbeatRestored and the next deadline; a second beat restores nothing', () => {
    const enabled = given(heartbeatDecider).when(configure(config(1), 0)).events;
    const timer = scheduled(enabled).data;
    const missed = [...enabled, ...given(heartbeatDecider, enabled).when(fire(timer.timerId, timer.dueAt, at(6))).events];
    expect(heartbeatStatus(given(heartbeatDecider, missed).state())).toEqual({ status: 'missed', lastBeatAt: null, expectedBy: at(6) });

    const restored = given(heartbeatDecider, missed).when(beat(1, at(20))).events;
    expect(types(restored)).toEqual(['HeartbeatRestored', 'TimerScheduled']);
    expect(restored[0].id).toBe(deterministicId(uuid(0x101), 'detection.heartbeat-restored'));
    expect(restored[0].data).toEqual({ integrationId: INTEGRATION_ID, name: 'Prometheus', service: 'checkout', missedAt: at(6), restoredAt: at(20) });
    expect(HeartbeatRestored.validate(restored[0].data)).toEqual([]);
    expect(scheduled(restored).data.dueAt).toBe(at(26));
    expect(types(given(heartbeatDecider, [...missed, ...restored]).when(beat(2, at(21))).events)).toEqual(['TimerCancelled', 'TimerScheduled']);
  });

  it('given a pending deadline, when the interval changes, then the deadline is rescheduled from now', () => {
    const events = given(heartbeatDecider, enabledThenBeat()).when(configure(config(2, { intervalMinutes: 30, graceMinutes: 0, severity: 'error' }), 3)).events;
    expect(types(events)).toEqual(['HeartbeatConfigured', 'TimerCancelled', 'TimerScheduled']);
    expect(events[1].data).toMatchObject({ reason: 'heartbeat interval changed' });
    expect(scheduled(events).data.dueAt).toBe(at(33));
  });

  it('given a pending deadline, when another setting changes (same timing), then the deadline stays: a rename must not postpone a miss', () => {
    const renamed = { ...config(2), name: 'Prometheus (eu)' };
    given(heartbeatDecider, enabledThenBeat())
      .when(configure(renamed, 4))
      .then([expect.objectContaining({ type: 'HeartbeatConfigured', data: expect.objectContaining({ name: 'Prometheus (eu)', version: 2 }) })]);
  });

  it('given a pending deadline, when the heartbeat is disabled or the key revoked, then the deadline is cancelled and none scheduled', () => {
    const disabled = given(heartbeatDecider, enabledThenBeat()).when(configure(config(2, null), 3)).events;
    expect(types(disabled)).toEqual(['HeartbeatConfigured', 'TimerCancelled']);
    expect(disabled[1].data).toMatchObject({ reason: 'heartbeat disabled' });
    expect(heartbeatStatus(given(heartbeatDecider, [...enabledThenBeat(), ...disabled]).state()).status).toBe('disabled');

    const revoked = given(heartbeatDecider, enabledThenBeat()).when(configure(config(1, null, true), 3)).events;
    expect(types(revoked)).toEqual(['HeartbeatConfigured', 'TimerCancelled']);
    expect(revoked[1].data).toMatchObject({ reason: 'integration revoked' });
  });

  it('given an older configuration than the one recorded, when applied, then nothing', () => {
    const history = [...enabledThenBeat(), ...given(heartbeatDecider, enabledThenBeat()).when(configure(config(3, null), 3)).events];
    given(heartbeatDecider, history).when(configure(config(2), 4)).then([]);
  });

  it('given a newer configuration carried by a beat, when the beat comes, then the configuration and the beat, in one decision', () => {
    const events = given(heartbeatDecider).when(beat(1, at(1), config(2))).events;
    expect(types(events)).toEqual(['HeartbeatConfigured', 'TimerScheduled', 'TimerCancelled', 'TimerScheduled']);
    expect(scheduled(events.slice(-1)).data).toMatchObject({ dueAt: at(7), details: { lastBeatAt: at(1) } });
  });

  it('given a disabled heartbeat, when a beat comes, then nothing', () => {
    given(heartbeatDecider).when(beat(1, at(1), config(1, null))).then([]);
  });
});
