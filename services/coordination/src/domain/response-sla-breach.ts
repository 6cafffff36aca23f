import { deterministicId, metadataOf } from '@linchpin/eventsourcing';
import { IncidentRenotifiedV3, ResponderPagedV2 } from '@linchpin/contracts';
import { teamIdOf } from './team.decider';
import { ResponseState, IncidentState } from './response-state';
import { ResponseEvent } from './response-events';
import { EscalateIncident, RespondToSlaBreach } from './response-commands';
import { pendingDeadline, decideEscalate } from './response-lifecycle';

/* ----------------------------------------------------------------------------------------------
 * issue 13, "SlaBreached escalates by policy": what an SLA breach does to the incident's response.
 *
 * - triggered (nobody acknowledged) with a level deadline pending: escalate to the next level exactly
 *   as `POST …/escalate` does (`EscalateIncident`, same events);
 * - acknowledged, investigating, identified or monitoring, not snoozed: re-notify whom the last level
 *   paged (the engine's re-notification), `IncidentRenotified` v3 cause `sla-breached`, a
 *   `ResponderPaged` each, reason "SLA <target> breached …";
 * - resolved, snoozed, merged into another incident, or triggered with nothing to escalate (exhausted,
 *   nobody was paged): nothing
 *   (the breach itself is already loud: published, logged, counted).
 *
 * Once per breach: the state keeps the causes of the stream's events, and every event decided here
 * is caused by the breach (`context.causationId` = the `SlaBreached` id), so a redelivered breach,
 * a retry after a conflict or a second replica finds it answered and decides nothing.
 * -------------------------------------------------------------------------------------------- */

/** What a breach does to a response in this state (the reactor logs it; the decider holds to it). */
export type SlaBreachAction = 'escalate' | 'renotify' | 'nothing';

export function slaBreachActionOf(state: ResponseState): SlaBreachAction {
  // A merged incident's response goes on in its survivor: its own clocks may still pass, paging nobody.
  if (state.status !== 'none' && state.merge.mergedInto !== null) return 'nothing';
  switch (state.status) {
    case 'none':
    case 'resolved':
      return 'nothing';
    case 'triggered':
      return pendingDeadline(state) && state.escalation.policy ? 'escalate' : 'nothing';
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
      return state.snooze === null && state.escalation.current.length > 0 && !state.escalation.resolved ? 'renotify' : 'nothing';
  }
}

export function decideSlaBreach(command: RespondToSlaBreach, state: ResponseState): ResponseEvent[] {
  if (state.causes[command.breachId]) return [];
  switch (slaBreachActionOf(state)) {
    case 'nothing':
      return [];
    case 'escalate': {
      const escalate: EscalateIncident = {
        type: 'EscalateIncident',
        incidentId: command.incidentId,
        by: command.context.actor,
        levels: command.levels,
        ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
        ...(command.onExhausted ? { onExhausted: command.onExhausted } : {}),
        context: command.context,
      };
      return decideEscalate(escalate, state);
    }
    case 'renotify':
      return renotify(command, state as IncidentState);
  }
}

const minutesLate = (dueAt: string, at: string): number => Math.max(0, Math.round((Date.parse(at) - Date.parse(dueAt)) / 60_000));

/** The engine's re-notification of whom the last level paged, with the breach as its cause and reason. */
function renotify(command: RespondToSlaBreach, incident: IncidentState): ResponseEvent[] {
  const metadata = metadataOf(command.context, command.incidentId);
  const { escalation } = incident;
  const notified = escalation.current.map((p) => ({ ...p, pageId: deterministicId(command.breachId, `coordination.sla-breach.page.${p.personId}`) }));
  const late = minutesLate(command.dueAt, command.context.occurredAt);
  const reason =
    `SLA ${command.target} breached (${command.priority}, due ${command.dueAt}${late > 0 ? `, ${late} min ago` : ''}) while the incident is ${incident.status}: ` +
    `re-notified ${notified.map((p) => p.name).join(', ')}`;
  const levelsPerPass = escalation.policy?.levels.length ?? 1;
  const level = escalation.position ? Math.max(1, escalation.position.repeat * levelsPerPass + escalation.position.level) : 1;
  return [
    IncidentRenotifiedV3.create(
      deterministicId(command.breachId, 'coordination.sla-breach.renotified'),
      { incidentId: command.incidentId, cause: 'sla-breached', notified, sla: { breachId: command.breachId, target: command.target, priority: command.priority }, reason },
      metadata,
    ),
    ...notified.map((p) =>
      ResponderPagedV2.create(
        deterministicId(p.pageId, 'coordination.responder-paged'),
        {
          incidentId: command.incidentId,
          pageId: p.pageId,
          teamId: incident.teamId ?? teamIdOf(incident.team),
          team: incident.team,
          personId: p.personId,
          responder: p.name,
          contactMethodId: p.contactMethodId,
          contactKind: p.contactKind,
          priority: incident.priority ?? command.priority,
          title: incident.title ?? '',
          escalationLevel: level,
          reason,
        },
        metadata,
      ),
    ),
  ];
}
