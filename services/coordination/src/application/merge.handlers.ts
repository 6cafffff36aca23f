import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IncidentMerged, IncidentUnmerged } from '@linchpin/contracts';
import { BusReactor, StoreCommandHandler } from '@linchpin/platform';
import { CLOCK, Clock, CommandContext, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, NotFoundError, PublishedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { SurvivorState, UnmergeIncident, absorbedEventId, splitEventId } from '../domain/response-merge';
import { FIRST_POSITION } from '../domain/escalation';
import { ResponseState, unmergeRestartsEscalation } from '../domain/response.decider';
import { EscalationPlanner } from './escalation-plans';
import { responses } from '../domain/streams';
import { teamScoped } from './team-scope';
import { LinkIncidentCommand, MergeIncidentCommand, UnlinkIncidentCommand, UnmergeIncidentCommand } from './merge.commands';

/*
 * issue 13, merge and link. A merge is recorded on the merged incident first (`IncidentMerged`, its
 * escalation's timers cancelled in the same append), then on the survivor (`IncidentAbsorbed`) by
 * the same handler, with an id derived from the merge's. A crash between the two appends is
 * completed by `MergeCompletionReactor` (group `coordination.merges`, on coordination's own topic),
 * which records the survivor's side with that same id when the relay publishes the merge: both
 * paths append the same event, so whichever comes second appends nothing. Unmerge likewise.
 */

/** The survivor's side is caused by the merged side's event, whoever records it (the handler or the reactor). */
const causedBy = (event: { id: string; metadata: { actor: string; onBehalfOf?: string; occurredAt: string } }): CommandContext => ({
  actor: event.metadata.actor,
  ...(event.metadata.onBehalfOf ? { onBehalfOf: event.metadata.onBehalfOf } : {}),
  causationId: event.id,
  occurredAt: event.metadata.occurredAt,
});

@CommandHandler(MergeIncidentCommand)
export class MergeIncidentHandler extends StoreCommandHandler implements ICommandHandler<MergeIncidentCommand> {
  async execute({ incidentId, into, reason, request }: MergeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    const { events } = await responses.handle(
      this.store,
      { type: 'MergeIncident', incidentId, eventId, into, by: context.actor, ...(reason ? { reason } : {}), survivor: { status: 'none', mergedInto: null }, context },
      teamScoped(request, async (c) => (c.type === 'MergeIncident' ? { ...c, survivor: await this.survivor(into) } : c)),
    );
    const merged = events.find((e) => IncidentMerged.is(e));
    if (merged) {
      await responses.handle(this.store, { type: 'AbsorbIncident', incidentId: into, eventId: absorbedEventId(merged.id), merged: incidentId, by: context.actor, context: causedBy(merged) });
    }
    return { eventId };
  }

  private async survivor(incidentId: string): Promise<SurvivorState> {
    const state = await responses.load(this.store, { incidentId });
    if (state.status === 'none') return { status: 'none', mergedInto: null };
    return { status: state.status === 'resolved' ? 'resolved' : 'open', mergedInto: state.merge.mergedInto };
  }
}

@CommandHandler(UnmergeIncidentCommand)
export class UnmergeIncidentHandler extends StoreCommandHandler implements ICommandHandler<UnmergeIncidentCommand> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly planner: EscalationPlanner,
  ) {
    super(store, clock);
  }

  async execute({ incidentId, reason, request }: UnmergeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    const command: UnmergeIncident = { type: 'UnmergeIncident', incidentId, eventId, by: context.actor, ...(reason ? { reason } : {}), context };
    const { events } = await responses.handle(this.store, command, teamScoped(request, (c, state) => (c.type === 'UnmergeIncident' ? this.prepared(c, state) : c)));
    const unmerged = events.find((e) => IncidentUnmerged.is(e));
    if (unmerged && IncidentUnmerged.is(unmerged)) {
      await responses.handle(this.store, { type: 'SplitIncident', incidentId: unmerged.data.from, eventId: splitEventId(unmerged.id), split: incidentId, by: context.actor, context: causedBy(unmerged) });
    }
    return { eventId };
  }

  /** Level 1 resolved now, when the unmerge restarts an unacknowledged incident's escalation. */
  private async prepared(command: UnmergeIncident, state: ResponseState): Promise<UnmergeIncident> {
    const policy = state.escalation.policy;
    if (!unmergeRestartsEscalation(state) || !policy) return command;
    return { ...command, ...(await this.planner.resolve(policy, FIRST_POSITION, command.context.occurredAt, state.escalation.fallbackTeam)) };
  }
}

/** Links name incidents coordination knows: an unknown one is a 404. */
const known = async (store: EventStore, incidentId: string): Promise<void> => {
  if ((await responses.load(store, { incidentId })).status === 'none') throw new NotFoundError('incident', incidentId);
};

@CommandHandler(LinkIncidentCommand)
export class LinkIncidentHandler extends StoreCommandHandler implements ICommandHandler<LinkIncidentCommand> {
  async execute({ incidentId, to, kind, request }: LinkIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await known(this.store, incidentId);
    await known(this.store, to);
    await responses.handle(this.store, { type: 'LinkIncident', incidentId, eventId, to, kind, by: context.actor, context }, teamScoped(request));
    return { eventId };
  }
}

@CommandHandler(UnlinkIncidentCommand)
export class UnlinkIncidentHandler extends StoreCommandHandler implements ICommandHandler<UnlinkIncidentCommand> {
  async execute({ incidentId, to, request }: UnlinkIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await known(this.store, incidentId);
    await known(this.store, to);
    await responses.handle(this.store, { type: 'UnlinkIncident', incidentId, eventId, to, by: context.actor, context }, teamScoped(request));
    return { eventId };
  }
}

export const MERGE_GROUP = 'coordination.merges';

/**
 * Completes a merge or an unmerge whose survivor's side was not recorded (the process stopped
 * between the two appends): on `IncidentMerged` records `IncidentAbsorbed` on the survivor, on
 * `IncidentUnmerged` records `IncidentSplit`, with the ids the handler gives them, so when the
 * handler did record them (the usual case) this appends nothing.
 */
@Injectable()
export class MergeCompletionReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, MERGE_GROUP, [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (IncidentMerged.is(event)) {
      const { incidentId, into, by } = event.data;
      await responses.handle(this.store, { type: 'AbsorbIncident', incidentId: into, eventId: absorbedEventId(event.id), merged: incidentId, by, context: causedBy(event) });
    } else if (IncidentUnmerged.is(event)) {
      const { incidentId, from, by } = event.data;
      await responses.handle(this.store, { type: 'SplitIncident', incidentId: from, eventId: splitEventId(event.id), split: incidentId, by, context: causedBy(event) });
    }
  }
}

export const MERGE_PROVIDERS = [MergeIncidentHandler, UnmergeIncidentHandler, LinkIncidentHandler, UnlinkIncidentHandler, MergeCompletionReactor];
