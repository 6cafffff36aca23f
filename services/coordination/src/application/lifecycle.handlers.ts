import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, DomainError, EVENT_STORE, EventStore, deterministicId, newId } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler, UnknownReferenceError } from '@linchpin/platform';
import { EscalationPolicySnapshot, FIRST_POSITION } from '../domain/escalation';
import { EscalationPlan, PageablePerson, ReassignIncident, ReopenIncident, ResponseState, reopenRestartsEscalation } from '../domain/response.decider';
import { RoleHolder } from '../domain/response-roles';
import { PersonState, firstContactOf } from '../domain/person.decider';
import { people, responses, teams } from '../domain/streams';
import { COORDINATION_SETTINGS, CoordinationSettings } from '../coordination.settings';
import { LIFECYCLE_SETTINGS, LifecycleSettings } from '../lifecycle.settings';
import { EscalationPlanner } from './escalation-plans';
import { EscalationTimers } from './escalation.timers';
import { teamScoped } from './team-scope';
import {
  AddRespondersCommand,
  AssignIncidentRoleCommand,
  ChangeIncidentStatusCommand,
  EscalateIncidentCommand,
  MitigateIncidentCommand,
  ReassignIncidentCommand,
  ReleaseIncidentRoleCommand,
  ReopenIncidentCommand,
  SnoozeIncidentCommand,
  UnsnoozeIncidentCommand,
} from './lifecycle.commands';

/** A person who can be named in a command: known and not retired, else a 409 `unknown_reference` naming the field. */
const activePerson = (state: PersonState, personId: string, field: string): Extract<PersonState, { status: 'active' }> => {
  if (state.status === 'none') throw new UnknownReferenceError([{ field, reason: `unknown person ${personId}` }]);
  if (state.status === 'retired') throw new UnknownReferenceError([{ field, reason: `person ${personId} (${state.name}) is retired` }]);
  return state;
};

@CommandHandler(ChangeIncidentStatusCommand)
export class ChangeIncidentStatusHandler extends StoreCommandHandler implements ICommandHandler<ChangeIncidentStatusCommand> {
  async execute({ incidentId, to, note, request }: ChangeIncidentStatusCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'ChangeStatus', incidentId, eventId, to, ...(note ? { note } : {}), by: context.actor, context }, teamScoped(request));
    return { eventId };
  }
}

@CommandHandler(MitigateIncidentCommand)
export class MitigateIncidentHandler extends StoreCommandHandler implements ICommandHandler<MitigateIncidentCommand> {
  async execute({ incidentId, note, request }: MitigateIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'MitigateIncident', incidentId, eventId, by: context.actor, ...(note ? { note } : {}), context }, teamScoped(request));
    return { eventId };
  }
}

/** Reopen: when it re-triggers, the policy's first levels are resolved now, from the state decided on. */
@CommandHandler(ReopenIncidentCommand)
export class ReopenIncidentHandler extends StoreCommandHandler implements ICommandHandler<ReopenIncidentCommand> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(LIFECYCLE_SETTINGS) private readonly settings: LifecycleSettings,
    private readonly planner: EscalationPlanner,
  ) {
    super(store, clock);
  }

  async execute({ incidentId, reason, request }: ReopenIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    const command: ReopenIncident = { type: 'ReopenIncident', incidentId, eventId, by: context.actor, reason, windowMinutes: this.settings.reopenWindowMinutes, context };
    await responses.handle(this.store, command, teamScoped(request, (c, state) => (c.type === 'ReopenIncident' ? this.prepared(c, state) : c)));
    return { eventId };
  }

  private async prepared(command: ReopenIncident, state: ResponseState): Promise<ReopenIncident> {
    const policy = state.escalation.policy;
    if (!reopenRestartsEscalation(state) || !policy) return command;
    return { ...command, ...(await this.planner.resolve(policy, FIRST_POSITION, command.context.occurredAt, state.escalation.fallbackTeam)) };
  }
}

/**
 * Reassign: a team is paged by its escalation policy (as triage's routing would), a person
 * directly, by a one-level policy of that person alone (`COORDINATION_DEFAULT_ESCALATION_MINUTES`
 * long, then the default route's team as for any exhausted escalation).
 */
@CommandHandler(ReassignIncidentCommand)
export class ReassignIncidentHandler extends StoreCommandHandler implements ICommandHandler<ReassignIncidentCommand> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(COORDINATION_SETTINGS) private readonly coordination: CoordinationSettings,
    private readonly planner: EscalationPlanner,
  ) {
    super(store, clock);
  }

  async execute({ incidentId, to, request }: ReassignIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    const at = context.occurredAt;
    let target: ReassignIncident['to'];
    let plan: EscalationPlan;
    if (to.kind === 'team') {
      const team = await teams.load(this.store, { teamId: to.id });
      if (team.status === 'none') throw new UnknownReferenceError([{ field: 'teamId', reason: `unknown team ${to.id}` }]);
      if (team.status === 'retired') throw new UnknownReferenceError([{ field: 'teamId', reason: `team "${team.name}" is retired` }]);
      target = { kind: 'team', id: team.teamId, name: team.name };
      plan = (await this.planner.plan(team.teamId, undefined, at))!;
    } else {
      const person = activePerson(await people.load(this.store, { personId: to.id }), to.id, 'personId');
      target = { kind: 'person', id: person.personId, name: person.name };
      const policy: EscalationPolicySnapshot = {
        policyId: deterministicId(person.personId, 'coordination.reassign.person-policy'),
        version: 1,
        source: 'policy',
        name: `reassigned to ${person.name}`,
        levels: [{ targets: [{ kind: 'person', id: person.personId }], timeoutMinutes: this.coordination.defaultEscalationMinutes }],
        repeat: 0,
      };
      const { levels, notificationRules } = await this.planner.resolve(policy, FIRST_POSITION, at);
      plan = { policy, levels, notificationRules };
    }
    const command: ReassignIncident = { type: 'ReassignIncident', incidentId, eventId, by: context.actor, to: target, plan, context };
    await responses.handle(
      this.store,
      command,
      teamScoped(request, async (c, state) => {
        if (c.type !== 'ReassignIncident' || !plan.levels.every((l) => l.people.length === 0) || !state.escalation.fallbackTeam) return c;
        const onExhausted = await this.planner.fallbackPage(state.escalation.fallbackTeam, at);
        return onExhausted ? { ...c, onExhausted } : c;
      }),
    );
    return { eventId };
  }
}

/** Escalate by hand: the pending level deadline fires now, through the timers' own preparation. */
@CommandHandler(EscalateIncidentCommand)
export class EscalateIncidentHandler extends StoreCommandHandler implements ICommandHandler<EscalateIncidentCommand> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly timers: EscalationTimers,
  ) {
    super(store, clock);
  }

  async execute({ incidentId, request }: EscalateIncidentCommand): Promise<{ level: number | null; paged: string[] }> {
    const context = this.contextOf(request);
    const { events } = await responses.handle(
      this.store,
      { type: 'EscalateIncident', incidentId, by: context.actor, levels: [], context },
      teamScoped(request, async (c, state) => {
        if (c.type !== 'EscalateIncident' || !state.escalation.deadline) return c;
        const { deadline } = state.escalation;
        const fire = await this.timers.prepared({ type: 'FireTimer', incidentId, timerId: deadline.timerId, dueAt: deadline.dueAt, levels: [], context }, state);
        return { ...c, levels: fire.levels, ...(fire.notificationRules ? { notificationRules: fire.notificationRules } : {}), ...(fire.onExhausted ? { onExhausted: fire.onExhausted } : {}) };
      }),
    );
    const reached = events.find((e) => e.type === 'EscalationLevelReached');
    return {
      level: reached?.type === 'EscalationLevelReached' ? reached.data.level : null,
      paged: events.flatMap((e) => (e.type === 'ResponderPaged' ? [e.data.responder] : [])),
    };
  }
}

@CommandHandler(AddRespondersCommand)
export class AddRespondersHandler extends StoreCommandHandler implements ICommandHandler<AddRespondersCommand> {
  async execute({ incidentId, personIds, request }: AddRespondersCommand): Promise<{ eventId: string; pageIds: string[] }> {
    const eventId = newId();
    const context = this.contextOf(request);
    const found: PageablePerson[] = [];
    for (const [i, personId] of personIds.entries()) {
      const person = activePerson(await people.load(this.store, { personId }), personId, `personIds.${i}`);
      const contact = firstContactOf(person);
      if (!contact) throw new DomainError('no_contact_method', `person ${person.name} has no contact method`, `personIds.${i}`);
      found.push({ personId: person.personId, name: person.name, contactMethodId: contact.id, contactKind: contact.kind });
    }
    const { events } = await responses.handle(this.store, { type: 'AddResponders', incidentId, eventId, by: context.actor, people: found, context }, teamScoped(request));
    return { eventId, pageIds: events.flatMap((e) => (e.type === 'ResponderPaged' ? [e.data.pageId] : [])) };
  }
}

@CommandHandler(SnoozeIncidentCommand)
export class SnoozeIncidentHandler extends StoreCommandHandler implements ICommandHandler<SnoozeIncidentCommand> {
  async execute({ incidentId, until, request }: SnoozeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    if (Date.parse(until) <= Date.parse(context.occurredAt)) throw new RequestValidationException([{ field: 'until', reason: `until must be after now (${context.occurredAt})` }]);
    await responses.handle(this.store, { type: 'SnoozeIncident', incidentId, eventId, by: context.actor, until: new Date(until).toISOString(), context }, teamScoped(request));
    return { eventId };
  }
}

@CommandHandler(UnsnoozeIncidentCommand)
export class UnsnoozeIncidentHandler extends StoreCommandHandler implements ICommandHandler<UnsnoozeIncidentCommand> {
  async execute({ incidentId, request }: UnsnoozeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'UnsnoozeIncident', incidentId, eventId, by: context.actor, context }, teamScoped(request));
    return { eventId };
  }
}

@CommandHandler(AssignIncidentRoleCommand)
export class AssignIncidentRoleHandler extends StoreCommandHandler implements ICommandHandler<AssignIncidentRoleCommand> {
  async execute({ incidentId, role, personId, request }: AssignIncidentRoleCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    const person = activePerson(await people.load(this.store, { personId }), personId, 'personId');
    const holder: RoleHolder = { personId: person.personId, name: person.name };
    await responses.handle(this.store, { type: 'AssignRole', incidentId, eventId, by: context.actor, role, person: holder, context }, teamScoped(request));
    return { eventId };
  }
}

@CommandHandler(ReleaseIncidentRoleCommand)
export class ReleaseIncidentRoleHandler extends StoreCommandHandler implements ICommandHandler<ReleaseIncidentRoleCommand> {
  async execute({ incidentId, role, personId, request }: ReleaseIncidentRoleCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'ReleaseRole', incidentId, eventId, by: context.actor, role, ...(personId ? { personId } : {}), context }, teamScoped(request));
    return { eventId };
  }
}

export const LIFECYCLE_HANDLERS = [
  ChangeIncidentStatusHandler,
  MitigateIncidentHandler,
  ReopenIncidentHandler,
  ReassignIncidentHandler,
  EscalateIncidentHandler,
  AddRespondersHandler,
  SnoozeIncidentHandler,
  UnsnoozeIncidentHandler,
  AssignIncidentRoleHandler,
  ReleaseIncidentRoleHandler,
];
