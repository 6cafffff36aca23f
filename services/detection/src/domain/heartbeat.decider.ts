import { Static, Type } from '@sinclair/typebox';
import {
  assertNever,
  CommandContext,
  Decider,
  deterministicId,
  EventMetadata,
  isPending,
  noPendingTimers,
  PendingTimers,
  evolveTimers,
  scheduleTimer,
  TimerCancelledEvent,
  TimerEvent,
  TimerFiredEvent,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import { defineEvent, EventOf, HeartbeatMissedEvent, HeartbeatMissedV1, HeartbeatRestoredEvent, HeartbeatRestoredV1, Severity, Uuid } from '@linchpin/contracts';

/*
 * Heartbeats: an integration may promise a beat every N minutes. Each beat moves the deadline (a
 * durable timer in `heartbeat-<integrationId>`); a deadline that passes is `HeartbeatMissed` (the
 * application layer opens an alert with it), and the next beat is `HeartbeatRestored`. The
 * integration's settings reach this stream as `HeartbeatConfigured` (internal), so the deadline
 * and what a firing says need nothing but this stream.
 */

export const HEARTBEAT_PURPOSE = 'heartbeat';
/** A beat this soon after the one that set the pending deadline moves nothing: the deadline is at most this much early. */
export const COALESCE_MS = 30_000;
export const DEFAULT_GRACE_MINUTES = 1;
export const DEFAULT_HEARTBEAT_SEVERITY = 'critical';

export const HeartbeatSettingsSchema = Type.Object({
  /** A beat is expected at least this often. */
  intervalMinutes: Type.Integer({ minimum: 1 }),
  /** Slack after the interval before the beat counts as missed. */
  graceMinutes: Type.Integer({ minimum: 0 }),
  /** The severity of the alert a missed beat opens. */
  severity: Severity,
});
export type HeartbeatSettings = Static<typeof HeartbeatSettingsSchema>;

/** The integration as its heartbeat needs it: the settings version says which of two configurations is newer. */
export interface HeartbeatConfig {
  integrationId: string;
  name: string;
  service: string;
  /** The integration's settings version. */
  version: number;
  revoked: boolean;
  heartbeat?: HeartbeatSettings;
}

export const HeartbeatConfigured = defineEvent(
  'HeartbeatConfigured',
  1,
  Type.Object({
    integrationId: Uuid,
    name: Type.String(),
    service: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    revoked: Type.Boolean(),
    heartbeat: Type.Optional(HeartbeatSettingsSchema),
  }),
);
export type HeartbeatConfiguredEvent = EventOf<typeof HeartbeatConfigured>;

export type HeartbeatEvent = HeartbeatConfiguredEvent | HeartbeatMissedEvent | HeartbeatRestoredEvent | TimerEvent;

/** Apply the integration's heartbeat settings (creation, a settings change, a revocation). */
export interface ConfigureHeartbeat {
  type: 'ConfigureHeartbeat';
  integrationId: string;
  config: HeartbeatConfig;
  context: CommandContext;
}

/** A beat: the heartbeat route, or any signal of the integration. Carries the integration's settings as read, newest wins. */
export interface RecordBeat {
  type: 'RecordBeat';
  integrationId: string;
  /** A new id per beat: it seeds the next deadline's timer id. */
  eventId: string;
  config: HeartbeatConfig;
  context: CommandContext;
}

/** The timer driver found the deadline due. */
export interface FireHeartbeatTimer {
  type: 'FireHeartbeatTimer';
  integrationId: string;
  timerId: string;
  dueAt: string;
  context: CommandContext;
}

export type HeartbeatCommand = ConfigureHeartbeat | RecordBeat | FireHeartbeatTimer;

export interface HeartbeatState {
  configured?: HeartbeatConfiguredEvent['data'];
  /** The last beat that moved the deadline. */
  lastBeatAt?: string;
  /** Set by HeartbeatMissed, cleared by HeartbeatRestored. */
  missed?: { expectedBy: string };
  timers: PendingTimers;
}

/** The heartbeat settings in force: none when disabled or revoked. */
export const activeHeartbeat = (configured: Pick<HeartbeatConfig, 'revoked' | 'heartbeat'> | undefined): HeartbeatSettings | undefined =>
  configured && !configured.revoked ? configured.heartbeat : undefined;

const isNewer = (config: HeartbeatConfig, configured: HeartbeatState['configured']): boolean =>
  !configured || config.version > configured.version || (config.revoked && !configured.revoked);

/** The configured event's id: the same configuration always gives the same id (the route, a restart's reconciliation and a beat may all apply it). */
export const configuredEventId = (config: HeartbeatConfig): string =>
  deterministicId(`${config.integrationId}:v${config.version}${config.revoked ? ':revoked' : ''}`, 'detection.heartbeat-configured');

const metadataFor = (command: HeartbeatCommand): EventMetadata => ({ ...command.context, correlationId: command.integrationId });

const deadline = (at: string, settings: HeartbeatSettings): string => new Date(Date.parse(at) + (settings.intervalMinutes + settings.graceMinutes) * 60_000).toISOString();

const sameTiming = (a: HeartbeatSettings | undefined, b: HeartbeatSettings | undefined): boolean =>
  a !== undefined && b !== undefined && a.intervalMinutes === b.intervalMinutes && a.graceMinutes === b.graceMinutes;

function evolve(state: HeartbeatState, event: HeartbeatEvent): HeartbeatState {
  const timers = evolveTimers(state.timers, event);
  switch (event.type) {
    case 'HeartbeatConfigured':
      return { ...state, configured: event.data, timers };
    case 'HeartbeatMissed':
      return { ...state, missed: { expectedBy: event.data.expectedBy }, timers };
    case 'HeartbeatRestored':
      return { ...state, missed: undefined, lastBeatAt: event.data.restoredAt, timers };
    case 'TimerScheduled': {
      const beatAt = event.data.details?.lastBeatAt;
      return { ...state, ...(typeof beatAt === 'string' ? { lastBeatAt: beatAt } : {}), timers };
    }
    case 'TimerFired':
    case 'TimerCancelled':
      return { ...state, timers };
    default:
      return assertNever(event);
  }
}

const fold = (state: HeartbeatState, events: HeartbeatEvent[]): HeartbeatState => events.reduce(evolve, state);

const cancelAll = (state: HeartbeatState, reason: string, metadata: EventMetadata): TimerCancelledEvent[] =>
  Object.keys(state.timers).map((timerId) => timerCancelled(timerId, reason, metadata));

/**
 * A newer configuration is recorded when a heartbeat is or was enabled; the deadline moves only
 * when the timing changed (enabled, disabled, revoked, another interval or grace): renaming an
 * integration or changing its rate limit must not postpone a miss. A new deadline counts from now.
 */
function decideConfigure(command: ConfigureHeartbeat | RecordBeat, state: HeartbeatState): HeartbeatEvent[] {
  const { config } = command;
  if (!isNewer(config, state.configured)) return [];
  const before = activeHeartbeat(state.configured);
  const after = activeHeartbeat(config);
  if (!state.configured && !after) return [];
  const metadata = metadataFor(command);
  const eventId = configuredEventId(config);
  const events: HeartbeatEvent[] = [
    HeartbeatConfigured.create(
      eventId,
      { integrationId: config.integrationId, name: config.name, service: config.service, version: config.version, revoked: config.revoked, ...(config.heartbeat ? { heartbeat: config.heartbeat } : {}) },
      metadata,
    ),
  ];
  if (sameTiming(before, after)) return events;
  events.push(...cancelAll(state, config.revoked ? 'integration revoked' : after ? 'heartbeat interval changed' : 'heartbeat disabled', metadata));
  // While missed, the next beat restores and sets the deadline: no deadline meanwhile (one alert per outage).
  if (after && !state.missed) {
    events.push(scheduleTimer({ timerId: deterministicId(eventId, 'detection.heartbeat-deadline'), dueAt: deadline(command.context.occurredAt, after), purpose: HEARTBEAT_PURPOSE }, metadata));
  }
  return events;
}

function decideBeat(command: RecordBeat, state: HeartbeatState): HeartbeatEvent[] {
  const events = decideConfigure(command, state);
  const current = fold(state, events);
  const settings = activeHeartbeat(current.configured);
  if (!settings || !current.configured) return events;
  const metadata = metadataFor(command);
  const at = command.context.occurredAt;
  const dueAt = deadline(at, settings);
  const next = scheduleTimer(
    { timerId: deterministicId(command.eventId, 'detection.heartbeat-deadline'), dueAt, purpose: HEARTBEAT_PURPOSE, details: { lastBeatAt: at } },
    metadata,
  );
  if (current.missed) {
    const { integrationId, name, service } = current.configured;
    return [...events, HeartbeatRestoredV1.create(deterministicId(command.eventId, 'detection.heartbeat-restored'), { integrationId, name, service, missedAt: current.missed.expectedBy, restoredAt: at }, metadata), next];
  }
  const pending = Object.values(current.timers);
  // A burst of signals (an Alertmanager group of 50 alerts) would otherwise write two events each. Only a
  // deadline a beat set is kept so: the first beat after enabling is recorded, so lastBeatAt is never missing.
  const setByRecentBeat = (timer: (typeof pending)[number]) => typeof timer.details?.lastBeatAt === 'string' && Date.parse(dueAt) - Date.parse(timer.dueAt) < COALESCE_MS;
  if (pending.length > 0 && pending.every(setByRecentBeat)) return events;
  return [...events, ...cancelAll(current, 'beat', metadata), next];
}

function decideFire(command: FireHeartbeatTimer, state: HeartbeatState): HeartbeatEvent[] {
  // Exactly once: a second firing (a replica, a retry after a crash) finds the timer gone.
  if (!isPending(state.timers, command.timerId)) return [];
  const metadata = metadataFor(command);
  const fired: TimerFiredEvent = timerFired(command, metadata);
  if (!state.configured || !activeHeartbeat(state.configured) || state.missed) return [fired];
  const { integrationId, name, service } = state.configured;
  return [
    fired,
    HeartbeatMissedV1.create(
      deterministicId(command.timerId, 'detection.heartbeat-missed'),
      { integrationId, name, service, expectedBy: new Date(command.dueAt).toISOString(), lastBeatAt: state.lastBeatAt ?? null },
      metadata,
    ),
  ];
}

export const heartbeatDecider: Decider<HeartbeatCommand, HeartbeatState, HeartbeatEvent> = {
  initialState: { timers: noPendingTimers },
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'ConfigureHeartbeat':
        return decideConfigure(command, state);
      case 'RecordBeat':
        return decideBeat(command, state);
      case 'FireHeartbeatTimer':
        return decideFire(command, state);
      default:
        return assertNever(command);
    }
  },
};

/** The heartbeat's view: whether it is enabled, up or missed, and the deadline. */
export function heartbeatStatus(state: HeartbeatState): { status: 'disabled' | 'up' | 'missed'; lastBeatAt: string | null; expectedBy: string | null } {
  const pending = Object.values(state.timers).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const enabled = activeHeartbeat(state.configured) !== undefined;
  return {
    status: !enabled ? 'disabled' : state.missed ? 'missed' : 'up',
    lastBeatAt: state.lastBeatAt ?? null,
    expectedBy: state.missed?.expectedBy ?? pending?.dueAt ?? null,
  };
}
