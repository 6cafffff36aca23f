import { CommandContext, assertNever, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import { IncidentUnroutedEvent, IncidentUnroutedV2, PageFailedV1, ResponderPagedV3 } from '@linchpin/contracts';
import { ContactMethod, Person, firstContactOf } from './person.decider';
import {
  EscalationDirectory,
  EscalationEvent,
  FIRST_POSITION,
  NotifiedPerson,
  defaultPolicyForTeam,
  notificationRulesOf,
  escalationDeliveryFailed,
  escalationSeed,
  startEscalation,
  resolveFrom,
  rulesInOrder,
} from './escalation';
import { Priority, ResponseState, IncidentState } from './response-state';
import { ResponseEvent } from './response-events';
import { Roster, NamedTeam, EscalationPlan, FallbackPage, PageOnCall, RecordDeliveryAttemptFailed, RecordPageFailure } from './response-commands';

/*
 * Paging: the first page of a triaged incident (the routed team, else the default route's), the
 * escalation's pages as its engine decides them, a failed delivery moving a person on, a failed page.
 */

export function decidePage(command: PageOnCall, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      break;
    // Paging happens once per incident: a redelivered or repeated triage pages nobody again.
    case 'triggered':
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
    case 'resolved':
      return [];
    default:
      return assertNever(state);
  }
  const routed = pageable(command);
  if (routed.ok) return escalate(command, state, command, routed.team, `routed by ${command.route}`);
  const fallback = command.fallback;
  // The default route's team is tried once, and only when it is another team than the one that failed.
  if (fallback && teamKey(fallback.teamName) !== teamKey(command.teamName)) {
    const second = pageable(fallback);
    if (second.ok) {
      return escalate(command, state, fallback, second.team, `${routed.why}; paged the default route's team "${second.team.name}" instead; routed by ${command.route}`);
    }
    const reason = `${routed.why}; the default route's team "${fallback.teamName}" ${second.problem} either: nobody was paged (routed by ${command.route})`;
    return [unrouted(command, { fallbackTeam: fallback.teamName, cause: second.cause, reason })];
  }
  return [unrouted(command, { cause: routed.cause, reason: `${routed.why}: nobody was paged (routed by ${command.route})` })];
}

interface OnCall {
  person: Person;
  onCallOrder: number;
  contact: ContactMethod;
}
type Pageable = { ok: true; team: Roster; onCall: OnCall } | { ok: false; cause: Unpaged; problem: string; why: string };
type Unpaged = IncidentUnroutedEvent['data']['cause'];

/** Team names are compared as coordination keys teams: case-insensitively (see teamIdOf). */
const teamKey = (name: string): string => name.trim().toLowerCase();

/** Whether someone of the named team can be paged, and if not, why, in words for the incident's views. */
const pageable = ({ teamName, team }: NamedTeam): Pageable => {
  if (!team) return { ok: false, cause: 'unknown-team', problem: 'does not exist', why: `team "${teamName}" does not exist` };
  const onCall = onCallOf(team);
  if (!onCall) {
    const why = team.members.length === 0 ? `team "${team.name}" has no members` : `team "${team.name}" has no members who can be paged (every member is retired or unknown)`;
    return { ok: false, cause: 'no-members', problem: 'has nobody to page', why };
  }
  return { ok: true, team, onCall };
};

/** The on-call: the active member with the lowest onCallOrder, reached by their first notification rule. */
export const onCallOf = (team: Roster): OnCall | undefined => {
  for (const member of [...team.members].sort((a, b) => a.onCallOrder - b.onCallOrder)) {
    const contact = member.person && firstContactOf(member.person);
    if (member.person && contact) return { person: member.person, onCallOrder: member.onCallOrder, contact };
  }
  return undefined;
};

/**
 * A team's default escalation policy resolved from its roster alone (the command came without a
 * prepared plan): one level per member in on-call order, people as the roster has them.
 */
export function rosterPlan(team: Roster, minutesBetweenLevels: number, at: string): EscalationPlan {
  const policy = defaultPolicyForTeam({ teamId: team.teamId, name: team.name, version: 1, members: team.members }, minutesBetweenLevels);
  const byId = new Map(team.members.map((m) => [m.personId, m.person]));
  const directory: EscalationDirectory = {
    person: (personId) => {
      const person = byId.get(personId);
      if (!person) return undefined;
      const kinds = new Map(person.contactMethods.map((c) => [c.id, c.kind]));
      const rules = person.notificationRules.flatMap((r) => (kinds.has(r.contactMethodId) ? [{ ...r, contactKind: kinds.get(r.contactMethodId)! }] : []));
      return { personId, name: person.name, retired: false, rules };
    },
    team: () => undefined,
    onCallAt: () => undefined,
  };
  const levels = resolveFrom(policy, FIRST_POSITION, at, directory);
  return { policy, levels, notificationRules: notificationRulesOf(levels, directory) };
}

/** Where the escalation's pages go, and the words of the decision that sends them. */
export interface PageContext {
  incidentId: string;
  teamId: string;
  team: string;
  priority: Priority;
  title: string;
  /** The policy's level count: a page's `escalationLevel` counts levels over every pass. */
  levelsPerPass: number;
  /** The ordinal of the last level reached before this decision (0 before the first). */
  lastOrdinal: number;
  /** The first page of the incident: the triage decision's event id, and why this team. */
  first?: { eventId: string; how: string; orderOf: (personId: string) => number | undefined };
  onExhausted?: FallbackPage;
  /** The `escalationLevel` of a page already sent (a notification rule's page keeps its level page's). */
  levelOfPage?: (pageId: string) => number | undefined;
  /** The escalation's id seed (`escalationSeed`): a restarted escalation's fallback pages get ids of their own. */
  seed?: string;
  context: CommandContext;
}

const ordinalOf = (levelsPerPass: number, at: { repeat: number; level: number }): number => at.repeat * levelsPerPass + at.level;

/**
 * One `ResponderPaged` v2 per person the engine's events notify (a level reached, a re-notification,
 * the default route's team after exhaustion), with the engine's page id, so comms delivers each and
 * a redecided command pages nobody twice.
 */
export function pagesOf(engine: readonly EscalationEvent[], pc: PageContext): ResponseEvent[] {
  const metadata = metadataOf(pc.context, pc.incidentId);
  const pages: ResponseEvent[] = [];
  let ordinal = pc.lastOrdinal;
  const page = (p: NotifiedPerson, level: number, reason: string, team = { teamId: pc.teamId, team: pc.team }): void => {
    const eventId = pages.length === 0 && pc.first ? pc.first.eventId : deterministicId(p.pageId, 'coordination.responder-paged');
    pages.push(
      ResponderPagedV3.create(
        eventId,
        {
          incidentId: pc.incidentId,
          pageId: p.pageId,
          ...team,
          personId: p.personId,
          responder: p.name,
          contactMethodId: p.contactMethodId,
          contactKind: p.contactKind,
          priority: pc.priority,
          title: pc.title,
          escalationLevel: level,
          reason,
        },
        metadata,
      ),
    );
  };
  for (const event of engine) {
    switch (event.type) {
      case 'EscalationLevelReached': {
        const d = event.data;
        ordinal = ordinalOf(pc.levelsPerPass, d);
        for (const p of d.paged) {
          const order = pc.first?.orderOf(p.personId);
          const who = order !== undefined && pages.length === 0 ? `on-call order: lowest onCallOrder (${order}) of team "${pc.team}"; ` : '';
          page(p, ordinal, pc.first && pages.length === 0 ? `${who}${d.reason}; ${pc.first.how}` : d.reason);
        }
        break;
      }
      case 'IncidentRenotified': {
        const rulePage = event.data.rule?.pageId;
        const level = (rulePage !== undefined ? pc.levelOfPage?.(rulePage) : undefined) ?? Math.max(ordinal, 1);
        for (const p of event.data.notified) page(p, level, event.data.reason);
        break;
      }
      case 'EscalationExhausted': {
        const fallback = pc.onExhausted;
        if (!fallback) break;
        for (const p of fallback.level.people) {
          const notified: NotifiedPerson = { ...p, pageId: deterministicId(pc.seed ?? pc.incidentId, `escalation.exhausted.page.${p.personId}`) };
          page(notified, ordinal + 1, `${event.data.reason}: ${p.name} (${p.via.reason}), level 1 of the team's policy "${fallback.policy.name}" v${fallback.policy.version}`, {
            teamId: fallback.teamId,
            team: fallback.team,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return pages;
}

/** Starts the incident's escalation with `named`'s plan and pages whom it reaches first. */
function escalate(command: PageOnCall, state: ResponseState, named: NamedTeam, team: Roster, how: string): ResponseEvent[] {
  const plan = named.escalation ?? rosterPlan(team, command.defaultEscalationMinutes ?? 15, command.context.occurredAt);
  const defaultRouteTeam = command.defaultRouteTeam !== undefined ? command.defaultRouteTeam : (command.fallback?.teamName ?? null);
  const engine = startEscalation(state.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    policy: plan.policy,
    fallbackTeam: defaultRouteTeam,
    levels: plan.levels,
    firstPageId: command.pageId,
    ...(plan.notificationRules ? { notificationRules: plan.notificationRules } : {}),
  });
  const orders = new Map(team.members.map((m) => [m.personId, m.onCallOrder]));
  const pages = pagesOf(engine, {
    incidentId: command.incidentId,
    teamId: team.teamId,
    team: team.name,
    priority: command.priority,
    title: command.title,
    levelsPerPass: plan.policy.levels.length,
    lastOrdinal: 0,
    first: { eventId: command.eventId, how: plan.note ? `${how}; ${plan.note}` : how, orderOf: (id) => (plan.policy.source === 'team-default' ? orders.get(id) : undefined) },
    ...(command.onExhausted ? { onExhausted: command.onExhausted } : {}),
    context: command.context,
  });
  if (pages.length > 0) return [...engine, ...pages];
  // Nobody at all: neither the policy nor the default route's team had anyone to page.
  const exhausted = engine.find((e) => e.type === 'EscalationExhausted');
  const reason = `${exhausted?.data && 'reason' in exhausted.data ? exhausted.data.reason : 'the escalation paged nobody'}; nobody was paged (routed by ${command.route})`;
  return [...engine, unrouted(command, { cause: 'no-members', reason, ...(defaultRouteTeam ? { fallbackTeam: defaultRouteTeam } : {}) })];
}

/** A page's first failed delivery attempt: the engine moves the person on to their next contact method. */
export function decideDeliveryFailed(command: RecordDeliveryAttemptFailed, state: ResponseState): ResponseEvent[] {
  if (state.status === 'none' || state.teamId === null) return [];
  const engine = escalationDeliveryFailed(state.escalation, { incidentId: command.incidentId, context: command.context, pageId: command.pageId, rules: rulesInOrder(command.rules) });
  return [...engine, ...pagesOf(engine, contextOf(state, state.teamId, command.context))];
}

export const contextOf = (state: IncidentState, teamId: string, context: CommandContext, onExhausted?: FallbackPage): PageContext => {
  const { policy, position } = state.escalation;
  const levelsPerPass = policy?.levels.length ?? 1;
  return {
    incidentId: state.incidentId,
    teamId,
    team: state.team,
    priority: state.priority ?? 'P3',
    title: state.title ?? '',
    levelsPerPass,
    lastOrdinal: position ? ordinalOf(levelsPerPass, position) : 0,
    ...(onExhausted ? { onExhausted } : {}),
    levelOfPage: (pageId) => state.pages.find((p) => p.pageId === pageId)?.escalationLevel,
    seed: escalationSeed(state.escalation, state.incidentId),
    context,
  };
};

const unrouted = (command: PageOnCall, outcome: { reason: string; cause: Unpaged; fallbackTeam?: string }): ResponseEvent =>
  IncidentUnroutedV2.create(
    command.eventId,
    {
      incidentId: command.incidentId,
      team: command.teamName,
      ...(outcome.fallbackTeam !== undefined ? { fallbackTeam: outcome.fallbackTeam } : {}),
      reason: outcome.reason,
      cause: outcome.cause,
      paged: false,
      priority: command.priority,
      title: command.title,
    },
    metadataOf(command.context, command.incidentId),
  );

/**
 * A failed page is a loud fact: while no page of a triggered incident has reached anyone, the
 * incident is unpaged again. An acknowledged or resolved incident's failed page is recorded too (its
 * record must say the page never arrived) but leaves it paged. A page that is not this incident's,
 * or whose failure is already recorded (redelivery), changes nothing.
 */
export function decidePageFailure(command: RecordPageFailure, state: ResponseState): ResponseEvent[] {
  if (state.status === 'none') return [];
  const page = state.pages.find((p) => p.pageId === command.pageId);
  if (!page || page.failure !== undefined) return [];
  // Someone acknowledged or resolved it: a person is on it, whatever became of the page.
  const reached = state.status !== 'triggered' || state.pages.some((p) => p.pageId !== page.pageId && p.failure === undefined);
  const reason = `the page to ${page.responder} of team "${state.team}" failed: ${command.error}${reached ? '' : '; nobody has been reached'}`;
  return [
    PageFailedV1.create(
      command.eventId,
      { incidentId: command.incidentId, pageId: page.pageId, team: state.team, responder: page.responder, error: command.error, reason, paged: reached },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}
