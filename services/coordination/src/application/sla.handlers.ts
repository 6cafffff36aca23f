import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, newId, NotFoundError } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { currentSlaPolicy, IncidentSlaState, SLA_TARGETS, SlaPolicyVersion, SlaTargetTable, validateTargets } from '../domain/sla';
import { incidentSlas, slaPolicies } from '../domain/streams';
import {
  GetIncidentSlaQuery,
  GetSlaTargetsQuery,
  IncidentSlaView,
  ListSlaTargetVersionsQuery,
  SlaClockView,
  SlaTargetsView,
  VersionSlaTargetsCommand,
} from './sla.commands';

const viewOf = (version: SlaPolicyVersion): SlaTargetsView => ({ ...version, builtIn: version.versionedAt === null });

@CommandHandler(VersionSlaTargetsCommand)
export class VersionSlaTargetsHandler extends StoreCommandHandler implements ICommandHandler<VersionSlaTargetsCommand> {
  async execute({ targets, reason, basedOnVersion, request }: VersionSlaTargetsCommand): Promise<SlaTargetsView & { changed: boolean }> {
    // Every failing field at once, as a 400; the decider checks the same again (409) for any other caller.
    const errors = validateTargets(targets);
    if (errors.length > 0) throw new RequestValidationException(errors);
    const { events, state } = await slaPolicies.handle(this.store, {
      type: 'VersionSlaTargets',
      eventId: newId(),
      targets: targets as SlaTargetTable,
      ...(reason !== undefined ? { reason } : {}),
      ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
      context: this.contextOf(request),
    });
    return { ...viewOf(currentSlaPolicy(state)), changed: events.length > 0 };
  }
}

@QueryHandler(GetSlaTargetsQuery)
export class GetSlaTargetsHandler implements IQueryHandler<GetSlaTargetsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<SlaTargetsView> {
    return viewOf(currentSlaPolicy(await slaPolicies.load(this.store, {})));
  }
}

@QueryHandler(ListSlaTargetVersionsQuery)
export class ListSlaTargetVersionsHandler implements IQueryHandler<ListSlaTargetVersionsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<{ items: SlaTargetsView[] }> {
    return { items: (await slaPolicies.load(this.store, {})).versions.map(viewOf) };
  }
}

@QueryHandler(GetIncidentSlaQuery)
export class GetIncidentSlaHandler implements IQueryHandler<GetIncidentSlaQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId }: GetIncidentSlaQuery): Promise<IncidentSlaView> {
    const state = await incidentSlas.load(this.store, { incidentId });
    if (state.status === 'none') throw new NotFoundError('incident SLA', incidentId);
    return incidentSlaView(state, this.clock.now());
  }
}

const seconds = (from: string, to: number): number => Math.max(0, Math.floor((to - Date.parse(from)) / 1000));

/** The clocks as they stand at `now` (the view the incident's war room will embed). */
export function incidentSlaView(state: Extract<IncidentSlaState, { status: 'started' }>, now: Date): IncidentSlaView {
  const at = now.getTime();
  const clocks = SLA_TARGETS.map((target): SlaClockView => {
    const clock = state.clocks[target];
    const status: SlaClockView['status'] =
      clock.breachedAt !== null ? 'breached' : clock.stopped !== null ? clock.stopped.outcome : clock.dueAt === null ? 'not-applicable' : 'running';
    const until = clock.stopped !== null ? Date.parse(clock.stopped.at) : at;
    return {
      target,
      status,
      minutes: clock.minutes,
      dueAt: clock.dueAt,
      elapsedSeconds: seconds(state.startedAt, until),
      remainingSeconds: status === 'running' && clock.dueAt !== null ? Math.max(0, Math.ceil((Date.parse(clock.dueAt) - at) / 1000)) : null,
      stoppedAt: clock.stopped?.at ?? null,
      stoppedBy: clock.stopped?.cause ?? null,
      breachedAt: clock.breachedAt,
    };
  });
  return { incidentId: state.incidentId, slaVersion: state.slaVersion, priority: state.priority, startedAt: state.startedAt, at: now.toISOString(), clocks };
}
