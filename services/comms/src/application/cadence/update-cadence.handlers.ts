import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, newId, NotFoundError } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { CadenceVersion, currentCadence } from '../../domain/cadence/cadence-policy.decider';
import { CadenceTable, validateCadence } from '../../domain/cadence/update-cadence';
import { pendingCadenceTimer, whoToNotify } from '../../domain/cadence/incident-cadence.decider';
import { cadencePolicies, incidentCadences } from '../../domain/streams';
import { GetIncidentCadenceQuery, IncidentCadenceView, GetUpdateCadenceQuery, ListUpdateCadenceVersionsQuery, UpdateCadenceView, VersionUpdateCadenceCommand } from './update-cadence.commands';

const viewOf = (version: CadenceVersion): UpdateCadenceView => ({ ...version, builtIn: version.versionedAt === null });

@CommandHandler(VersionUpdateCadenceCommand)
export class VersionUpdateCadenceHandler extends StoreCommandHandler implements ICommandHandler<VersionUpdateCadenceCommand> {
  async execute({ cadence, reason, basedOnVersion, request }: VersionUpdateCadenceCommand): Promise<UpdateCadenceView & { changed: boolean }> {
    // Every failing field at once, as a 400; the decider checks the same again for any other caller.
    const errors = validateCadence(cadence);
    if (errors.length > 0) throw new RequestValidationException(errors);
    const { events, state } = await cadencePolicies.handle(this.store, {
      type: 'VersionUpdateCadence',
      eventId: newId(),
      cadence: cadence as CadenceTable,
      ...(reason !== undefined ? { reason } : {}),
      ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
      context: this.contextOf(request),
    });
    return { ...viewOf(currentCadence(state)), changed: events.length > 0 };
  }
}

@QueryHandler(GetUpdateCadenceQuery)
export class GetUpdateCadenceHandler implements IQueryHandler<GetUpdateCadenceQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<UpdateCadenceView> {
    return viewOf(currentCadence(await cadencePolicies.load(this.store, {})));
  }
}

@QueryHandler(ListUpdateCadenceVersionsQuery)
export class ListUpdateCadenceVersionsHandler implements IQueryHandler<ListUpdateCadenceVersionsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<{ items: UpdateCadenceView[] }> {
    return { items: (await cadencePolicies.load(this.store, {})).versions.map(viewOf) };
  }
}

@QueryHandler(GetIncidentCadenceQuery)
export class GetIncidentCadenceHandler implements IQueryHandler<GetIncidentCadenceQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId }: GetIncidentCadenceQuery): Promise<IncidentCadenceView> {
    const state = await incidentCadences.load(this.store, { incidentId });
    if (state.status === 'unopened') throw new NotFoundError('incident update cadence', incidentId);
    return {
      incidentId,
      status: state.status,
      priority: state.priority,
      cadenceMinutes: state.cadenceMinutes,
      cadenceVersion: state.cadenceVersion,
      openedAt: state.openedAt,
      lastUpdateAt: state.lastUpdateAt,
      nextUpdateDueAt: pendingCadenceTimer(state)?.dueAt ?? null,
      notifies: whoToNotify(state),
    };
  }
}
