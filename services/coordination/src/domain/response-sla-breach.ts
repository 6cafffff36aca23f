import { deterministicId, metadataOf } from '@linchpin/eventsourcing';
import { IncidentRenotifiedV4, ResponderPagedV3 } from '@linchpin/contracts';
import { teamIdOf } from './team.decider';
import { ResponseState, IncidentState, teamIdFor } from './response-state';
import { ResponseEvent } from './response-events';
import { EscalateIncident, RespondToSlaBreach } from './response-commands';
import { pendingDeadline, decideEscalate } from './response-lifecycle';
import { breachLevelToResolve, escalationSlaBreached } from './escalation';
import { contextOf, pagesOf } from './response-paging';

/* ----------------------------------------------------------------------------------------------
 * issue 13, "SlaBreached escalating by policy": what an SLA breach does to the incident's response.
 *
 * - triggered (nobody acknowledged) with a level deadline pending: escalate to the next level exactly
 *   as `POST …/escalate` does (`EscalateIncident`, same events);
 * - acknowledged, investigating, identified or monitoring, not snoozed, with a next level in its policy
 *   (`breachLevelToResolve`): page that level, whose people join the response (`EscalationLevelReached`
 *   v3 with the breach, a `ResponderPaged` each; no deadline, the status stays), so the resolve target's
 *   breach escalates an acknowledged incident too; a level resolving to nobody now is skipped;
 * - the same without a next level (one-level policy, the last level reached, every level of the rest
 *   of the pass resolving to nobody now): re-notify everyone the escalation paged into the response (the
 *   engine's re-notification), `IncidentRenotified` v4 (v3 + teams) cause `sla-breached`, a `ResponderPaged` each,
 *   reason "SLA <target> breached …";
 * - resolved, snoozed, merged into another incident, or triggered with nothing to escalate (exhausted,
 *   nobody was paged): nothing
 *   (the breach itself is already loud: published, logged, counted).
 *
 * Once per breach: the state keeps the causes of the stream's events, and every event decided here
 * is caused by the breach (`context.causationId` = the `SlaBreached` id), so a redelivered breach,
 * a retry after a conflict or a second replica finds it answered and decides nothing.
 * -------------------------------------------------------------------------------------------- */

/** What a breach does to a response in this state (the reactor logs it; the decider holds to it). */
export type SlaBreachAction = 'escalate' | 'page-next-level' | 'renotify' | 'nothing';

/**
 * `breachDueAt`: when the breached target came due. A triggered incident whose level deadline was set after that
 * (the escalation moved on, or restarted on an unmerge, before the breach was taken: after downtime, or a breach
 * still on its way) has had that escalation already: taken late, the breach would escalate a second time for one lapse.
 */
export function slaBreachActionOf(state: ResponseState, breachDueAt?: string): SlaBreachAction {
  // A merged incident's response goes on in its survivor: its own clocks may still pass, paging nobody.
  if (state.status !== 'none' && state.merge.mergedInto !== null) return 'nothing';
  switch (state.status) {
    case 'none':
    case 'resolved':
      return 'nothing';
    case 'triggered': {
      const setAt = state.escalation.deadline?.scheduledAt;
      if (breachDueAt !== undefined && setAt !== undefined && Date.parse(setAt) > Date.parse(breachDueAt)) return 'nothing';
      return pendingDeadline(state) && state.escalation.policy ? 'escalate' : 'nothing';
    }
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
      if (state.snooze !== null) return 'nothing';
      if (breachLevelToResolve(state.escalation)) return 'page-next-level';
      return state.escalation.current.length > 0 && !state.escalation.resolved ? 'renotify' : 'nothing';
  }
}

export function decideSlaBreach(command: RespondToSlaBreach, state: ResponseState): ResponseEvent[] {
  if (state.causes[command.breachId]) return [];
  switch (slaBreachActionOf(state, command.dueAt)) {
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
    case 'page-next-level':
      return pageNextLevel(command, state as IncidentState);
    case 'renotify':
      return renotify(command, state as IncidentState);
  }
}

const minutesLate = (dueAt: string, at: string): number => Math.max(0, Math.round((Date.parse(at) - Date.parse(dueAt)) / 60_000));

/** The breach in words: the start of every reason it gives. */
const breachWords = (command: RespondToSlaBreach, incident: IncidentState): string => {
  const late = minutesLate(command.dueAt, command.context.occurredAt);
  return `SLA ${command.target} breached (${command.priority}, due ${command.dueAt}${late > 0 ? `, ${late} min ago` : ''}) while the incident is ${incident.status}`;
};

/** The policy's next level paged into the response; re-notified instead when no level of the rest of the pass has anyone now. */
function pageNextLevel(command: RespondToSlaBreach, incident: IncidentState): ResponseEvent[] {
  const engine = escalationSlaBreached(incident.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    sla: { breachId: command.breachId, target: command.target, priority: command.priority },
    why: breachWords(command, incident),
    levels: command.levels,
  });
  if (engine.some((e) => e.type === 'EscalationLevelReached')) return [...engine, ...pagesOf(engine, contextOf(incident, teamIdFor(incident), command.context))];
  return [...engine, ...(incident.escalation.current.length > 0 ? renotify(command, incident) : [])];
}

/** The engine's re-notification of everyone its levels paged into the response (`escalation.current`), with the breach as its cause and reason. */
function renotify(command: RespondToSlaBreach, incident: IncidentState): ResponseEvent[] {
  const metadata = metadataOf(command.context, command.incidentId);
  const { escalation } = incident;
  const notified = escalation.current.map((p) => ({ ...p, pageId: deterministicId(command.breachId, `coordination.sla-breach.page.${p.personId}`) }));
  const reason = `${breachWords(command, incident)}: re-notified ${notified.map((p) => p.name).join(', ')}`;
  const levelsPerPass = escalation.policy?.levels.length ?? 1;
  const level = escalation.position ? Math.max(1, escalation.position.repeat * levelsPerPass + escalation.position.level) : 1;
  return [
    IncidentRenotifiedV4.create(
      deterministicId(command.breachId, 'coordination.sla-breach.renotified'),
      { incidentId: command.incidentId, cause: 'sla-breached', notified, sla: { breachId: command.breachId, target: command.target, priority: command.priority }, reason },
      metadata,
    ),
    ...notified.map((p) =>
      ResponderPagedV3.create(
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
