import { EventStore } from '@linchpin/eventsourcing';
import { DirectoryPerson, DirectoryTeam, EscalationDirectory, EscalationLevel, OnCallAnswer } from '../domain/escalation';
import { PersonState } from '../domain/person.decider';
import { inOnCallOrder } from '../domain/team.decider';
import { onCallAt } from '../domain/schedule';
import { scheduleOf } from '../domain/schedule.decider';
import { people, schedules, teams } from '../domain/streams';

/** What a schedule answered at the instant, beyond who: kept so "why was I paged?" is history. */
export interface ScheduleAnswer extends OnCallAnswer {
  /** The layer (1-based) or `override` that chose the person; the override's id. */
  layer: number | 'override' | null;
  overrideId: string | null;
  /** Every layer's candidate and why it did not (or did) answer. */
  layers: { layer: number; name: string; personId: string | null; reason: string }[];
}

export const directoryPerson = (state: PersonState): DirectoryPerson | undefined => {
  if (state.status === 'none') return undefined;
  const kinds = new Map(state.contactMethods.map((c) => [c.id, c.kind]));
  return {
    personId: state.personId,
    name: state.name,
    retired: state.status === 'retired',
    rules: state.notificationRules.flatMap((r) => {
      const kind = kinds.get(r.contactMethodId);
      return kind ? [{ contactMethodId: r.contactMethodId, contactKind: kind, afterMinutes: r.afterMinutes }] : [];
    }),
  };
};

/** A directory as the engine reads it, plus what each schedule answered (for the explanation). */
export interface LoadedDirectory extends EscalationDirectory {
  scheduleAnswers: Map<string, ScheduleAnswer>;
}

/**
 * Reads what resolving `levels` at `at` needs, through the streams' bindings (each person, team and
 * schedule the levels name, and each team's members), and answers from memory: the engine's
 * resolution is synchronous and pure. Costs one stream read per distinct target and team member.
 */
export async function loadDirectory(store: EventStore, levels: readonly EscalationLevel[], at: string): Promise<LoadedDirectory> {
  const personIds = new Set<string>();
  const teamIds = new Set<string>();
  const scheduleIds = new Set<string>();
  for (const level of levels) {
    for (const target of level.targets) {
      if (target.kind === 'person') personIds.add(target.id);
      else if (target.kind === 'team') teamIds.add(target.id);
      else scheduleIds.add(target.id);
    }
  }
  const teamMap = new Map<string, DirectoryTeam>();
  for (const teamId of teamIds) {
    const team = await teams.load(store, { teamId });
    if (team.status === 'none') continue;
    const ordered = inOnCallOrder(team);
    const memberIds = ordered.map((m) => m.personId);
    memberIds.forEach((id) => personIds.add(id));
    teamMap.set(teamId, {
      teamId,
      name: team.name,
      ...(team.version !== undefined ? { version: team.version } : {}),
      retired: team.status === 'retired',
      memberIds,
      members: ordered.map((m) => ({ personId: m.personId, onCallOrder: m.onCallOrder })),
    });
  }
  const answers = new Map<string, ScheduleAnswer>();
  for (const scheduleId of scheduleIds) {
    const state = await schedules.load(store, { scheduleId });
    if (state.status === 'none') continue;
    const answer = onCallAt(scheduleOf(state), at);
    const why = answer.layer === 'override' ? answer.reason : answer.layer !== null ? `layer ${answer.layer}: ${answer.reason}` : answer.reason;
    answers.set(scheduleId, {
      scheduleId,
      name: state.definition.name,
      version: state.version,
      retired: state.status === 'retired',
      people: answer.personId ? [{ personId: answer.personId, reason: why }] : [],
      layer: answer.layer,
      overrideId: answer.overrideId,
      reason: answer.reason,
      layers: answer.layers.map((l) => ({ layer: l.layer, name: l.name, personId: l.personId, reason: l.reason })),
    });
    if (answer.personId) personIds.add(answer.personId);
  }
  const personMap = new Map<string, DirectoryPerson>();
  for (const personId of personIds) {
    const person = directoryPerson(await people.load(store, { personId }));
    if (person) personMap.set(personId, person);
  }
  return {
    person: (id) => personMap.get(id),
    team: (id) => teamMap.get(id),
    onCallAt: (id) => answers.get(id),
    scheduleAnswers: answers,
  };
}
