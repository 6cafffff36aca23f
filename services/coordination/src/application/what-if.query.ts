import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { upcast } from '@linchpin/contracts';
import { EVENT_STORE, EventEnvelope, EventStore, Position, RecordedEvent, nameBasedId } from '@linchpin/eventsourcing';
import { FieldError, UnknownReferenceError } from '@linchpin/platform';
import { COORDINATION_SETTINGS, CoordinationSettings } from '../coordination.settings';
import { EscalationPolicyDefinition, EscalationPolicySnapshot, defaultPolicyIdOf, normalizePolicy } from '../domain/escalation';
import { EscalationPolicyEvent, EscalationPolicyState, escalationPolicyDecider } from '../domain/escalation/escalation-policy.decider';
import { PersonEvent, PersonState, personDecider } from '../domain/person.decider';
import { ResponseEvent } from '../domain/response.decider';
import { ScheduleDefinition, normalizeDefinition } from '../domain/schedule';
import { ScheduleEvent, ScheduleState, scheduleDecider, scheduleOf } from '../domain/schedule.decider';
import { ESCALATION_POLICY_STREAM_PREFIX, PERSON_STREAM_PREFIX, RESPONSE_STREAM_PREFIX, SCHEDULE_STREAM_PREFIX, TEAM_STREAM_PREFIX } from '../domain/streams';
import { TeamEvent, TeamState, teamDecider } from '../domain/team.decider';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, IncidentReplay, RecordedIncident, WhatIfTotals, World, recordedIncidentOf, simulate } from '../domain/what-if';
import { directoryPerson } from './escalation-directory';

/** A proposed schedule or policy as the route checked it; without an id it is added under a new one. */
export interface ProposedSchedule {
  scheduleId?: string;
  definition: ScheduleDefinition;
}
export interface ProposedPolicy {
  policyId?: string;
  definition: EscalationPolicyDefinition;
}

export interface PeopleWhatIfResult {
  range: { from: string; to: string };
  /** The hours a page is "in": `timeZone` null means each paged person's own zone. */
  businessHours: { timeZone: string | null; days: string[]; start: string; end: string };
  proposal: {
    /** `replaces`: a stored schedule of that id is replaced; else the schedule is added under `scheduleId`. */
    schedules: { scheduleId: string; name: string; replaces: boolean }[];
    /** `incidents`: how many replayed incidents followed it (those that recorded its id). */
    policies: { policyId: string; name: string; replaces: boolean; incidents: number }[];
  };
  totals: WhatIfTotals;
  incidents: IncidentReplay[];
}

/** Replays the incidents coordination paged in [from, to) through proposed schedules and policies. Writes nothing. */
export class PeopleWhatIfQuery extends Query<PeopleWhatIfResult> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly schedules: ProposedSchedule[],
    readonly policies: ProposedPolicy[],
    readonly businessHours: BusinessHours | undefined,
  ) {
    super();
  }
}

const PAGE = 1000;
const byPosition = (a: RecordedEvent, b: RecordedEvent) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0);

@QueryHandler(PeopleWhatIfQuery)
export class PeopleWhatIfHandler implements IQueryHandler<PeopleWhatIfQuery, PeopleWhatIfResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COORDINATION_SETTINGS) private readonly settings: CoordinationSettings,
  ) {}

  async execute(query: PeopleWhatIfQuery): Promise<PeopleWhatIfResult> {
    const [start, end] = [Date.parse(query.from), Date.parse(query.to)];
    const incidents = [...(await this.streams([RESPONSE_STREAM_PREFIX])).values()]
      .map((events) => recordedIncidentOf(events as unknown as ResponseEvent[]))
      .filter((i): i is RecordedIncident => i !== undefined && Date.parse(i.pagedAt) >= start && Date.parse(i.pagedAt) < end)
      .sort((a, b) => a.pagedAt.localeCompare(b.pagedAt) || a.incidentId.localeCompare(b.incidentId));
    const world = await this.world();
    const schedules = query.schedules.map((s, i) => ({ scheduleId: s.scheduleId?.toLowerCase() ?? proposedId('schedule', i), definition: normalizeDefinition(s.definition) }));
    const policies = query.policies.map((p, i) => ({ policyId: p.policyId?.toLowerCase() ?? proposedId('policy', i), definition: normalizePolicy(p.definition) }));
    refuseUnknownReferences(world, schedules, policies);
    const outcome = simulate(incidents, world, { schedules, policies }, query.businessHours ?? DEFAULT_BUSINESS_HOURS);
    const recordedPolicies = new Set(incidents.flatMap((i) => (i.policy ? [i.policy.policyId] : [])));
    const teamDefaults = new Set([...world.teams.keys()].map(defaultPolicyIdOf));
    const hours = query.businessHours ?? DEFAULT_BUSINESS_HOURS;
    return {
      range: { from: query.from, to: query.to },
      businessHours: { timeZone: hours.timeZone ?? null, days: hours.days, start: hours.start, end: hours.end },
      proposal: {
        schedules: schedules.map((s) => ({ scheduleId: s.scheduleId, name: s.definition.name, replaces: world.schedules.has(s.scheduleId) })),
        policies: policies.map((p) => ({
          policyId: p.policyId,
          name: p.definition.name,
          replaces: world.policies.has(p.policyId) || recordedPolicies.has(p.policyId) || teamDefaults.has(p.policyId),
          incidents: outcome.incidents.filter((r) => r.policy?.proposed && r.policy.policyId === p.policyId).length,
        })),
      },
      ...outcome,
    };
  }

  /** People, teams, schedules and active policies as they stand, folded from their streams. */
  private async world(): Promise<World> {
    const streams = await this.streams([PERSON_STREAM_PREFIX, TEAM_STREAM_PREFIX, SCHEDULE_STREAM_PREFIX, ESCALATION_POLICY_STREAM_PREFIX]);
    const world = { people: new Map(), teams: new Map(), schedules: new Map(), policies: new Map(), defaultEscalationMinutes: this.settings.defaultEscalationMinutes } satisfies World;
    for (const [streamId, events] of streams) {
      if (streamId.startsWith(PERSON_STREAM_PREFIX)) {
        const state = (events as PersonEvent[]).reduce<PersonState>(personDecider.evolve, personDecider.initialState);
        const person = directoryPerson(state);
        if (person && state.status !== 'none') world.people.set(person.personId, { ...person, timeZone: state.timeZone, rules: [...person.rules] });
      } else if (streamId.startsWith(TEAM_STREAM_PREFIX)) {
        const state = (events as TeamEvent[]).reduce<TeamState>(teamDecider.evolve, teamDecider.initialState);
        if (state.status === 'none') continue;
        world.teams.set(state.teamId, {
          teamId: state.teamId,
          name: state.name,
          version: state.version ?? 1,
          retired: state.status === 'retired',
          members: state.members.map((m) => ({ personId: m.personId, onCallOrder: m.onCallOrder })),
          ...(state.defaultEscalationPolicyId !== undefined ? { defaultEscalationPolicyId: state.defaultEscalationPolicyId } : {}),
        });
      } else if (streamId.startsWith(SCHEDULE_STREAM_PREFIX)) {
        const state = (events as ScheduleEvent[]).reduce<ScheduleState>(scheduleDecider.evolve, scheduleDecider.initialState);
        if (state.status === 'none') continue;
        world.schedules.set(state.scheduleId, { scheduleId: state.scheduleId, name: state.definition.name, version: state.version, schedule: scheduleOf(state) });
      } else {
        const state = (events as EscalationPolicyEvent[]).reduce<EscalationPolicyState>(escalationPolicyDecider.evolve, escalationPolicyDecider.initialState);
        if (state.status !== 'active') continue;
        const { policyId, version, name, levels, repeat, acknowledgementTimeoutMinutes } = state.policy;
        const snapshot: EscalationPolicySnapshot = { policyId, version, source: 'policy', name, levels, repeat, ...(acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes } : {}) };
        world.policies.set(policyId, snapshot);
      }
    }
    return world;
  }

  /** The log's events of the streams under `prefixes`, upcast, by stream, in order; read page by page. */
  private async streams(prefixes: string[]): Promise<Map<string, EventEnvelope[]>> {
    const byStream = new Map<string, EventEnvelope[]>();
    let after: Position | undefined;
    for (;;) {
      const page = await this.store.readAll({ ...(after !== undefined ? { after } : {}), filter: { streamPrefixes: prefixes }, limit: PAGE });
      for (const recorded of [...page].sort(byPosition)) {
        const list = byStream.get(recorded.streamId) ?? [];
        list.push(upcast(recorded));
        byStream.set(recorded.streamId, list);
      }
      if (page.length < PAGE) return byStream;
      after = page[page.length - 1].position;
    }
  }
}

/** An added schedule or policy without an id: one derived from its place in the request, so the same request answers the same. */
const proposedId = (kind: 'schedule' | 'policy', index: number): string => nameBasedId(`what-if:${kind}:${index}`);

/**
 * A proposal may only name people, teams and schedules that exist (stored, or proposed in the same
 * request): a typo would otherwise replay as "unknown person" and look like a fairer rotation.
 */
function refuseUnknownReferences(world: World, schedules: { scheduleId: string; definition: ScheduleDefinition }[], policies: { policyId: string; definition: EscalationPolicyDefinition }[]): void {
  const errors: FieldError[] = [];
  const proposedSchedules = new Set(schedules.map((s) => s.scheduleId));
  schedules.forEach(({ definition }, i) =>
    definition.layers.forEach((layer, l) =>
      layer.participants.forEach((personId) => {
        if (!world.people.has(personId.toLowerCase())) errors.push({ field: `schedules.${i}.definition.layers.${l}.participants`, reason: `unknown person ${personId}` });
      }),
    ),
  );
  policies.forEach(({ definition }, i) =>
    definition.levels.forEach((level, l) =>
      level.targets.forEach((target, t) => {
        const id = target.id.toLowerCase();
        const known = target.kind === 'person' ? world.people.has(id) : target.kind === 'team' ? world.teams.has(id) : world.schedules.has(id) || proposedSchedules.has(id);
        if (!known) errors.push({ field: `policies.${i}.definition.levels.${l}.targets.${t}.id`, reason: `unknown ${target.kind} ${target.id}` });
      }),
    ),
  );
  if (errors.length > 0) throw new UnknownReferenceError(errors);
}
