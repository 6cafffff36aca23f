import { deterministicId, isPending, metadataOf, timerFired } from '@linchpin/eventsourcing';
import { IncidentSnoozeEndedV1 } from '@linchpin/contracts';
import { escalationSnoozeEnded, escalationTimerFired, isEscalationTimer } from './escalation';
import { ResponseState, IncidentState, teamIdFor } from './response-state';
import { ResponseEvent } from './response-events';
import { FireTimer } from './response-commands';
import { pagesOf, contextOf } from './response-paging';

/* A durable timer of the response came due: a level deadline, a notification rule, or the snooze's end. */

/** A timer came due: the engine decides (only while it is pending), then its pages go out. */
export function decideTimer(command: FireTimer, state: ResponseState): ResponseEvent[] {
  if (state.status !== 'none' && state.snooze?.timerId === command.timerId && isPending(state.escalation.timers, command.timerId)) return snoozeElapsed(command, state);
  if (state.status === 'none' || state.teamId === null || !isEscalationTimer(state.escalation, command.timerId) || !state.escalation.policy) return [];
  const timer = { timerId: command.timerId, dueAt: command.dueAt };
  const engine = escalationTimerFired(state.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    timer,
    levels: command.levels,
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  return [...engine, ...pagesOf(engine, contextOf(state, state.teamId, command.context, command.onExhausted))];
}

/** The snooze's time came: it ends, and whom the last level paged is re-notified, as by an acknowledgement timeout. */
function snoozeElapsed(command: FireTimer, state: IncidentState): ResponseEvent[] {
  const snooze = state.snooze!;
  const metadata = metadataOf(command.context, command.incidentId);
  const input = { incidentId: command.incidentId, context: command.context };
  const engine = escalationSnoozeEnded(state.escalation, {
    ...input,
    renotify: { seed: snooze.timerId, reason: `the snooze by ${snooze.by} until ${snooze.until} ended` },
  });
  return [
    timerFired({ timerId: snooze.timerId, dueAt: command.dueAt }, metadata),
    IncidentSnoozeEndedV1.create(
      deterministicId(snooze.timerId, 'lifecycle.snooze-ended'),
      { incidentId: command.incidentId, cause: 'elapsed', by: command.context.actor, snoozedUntil: snooze.until },
      metadata,
    ),
    ...engine,
    ...pagesOf(engine, contextOf(state, teamIdFor(state), command.context)),
  ];
}
