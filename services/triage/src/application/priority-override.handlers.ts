import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, StoreCommandHandler } from '@linchpin/platform';
import { triages } from '../domain/streams';
import { ClearOverride, OverridePriority } from '../domain/triage.decider';
import { TriageConfigProjection } from './triage-config.projection';
import { TriageView, viewOf } from './triage-view';

/** `by`: who decides, the request's principal (issue 14); a body's `by` is only "on behalf of" text in the request. */
export class OverridePriorityCommand extends commandWith<
  Pick<OverridePriority, 'incidentId' | 'priority' | 'severity' | 'reason' | 'by'> & { request: RequestContext },
  TriageView
>() {}

export class ClearOverrideCommand extends commandWith<Pick<ClearOverride, 'incidentId' | 'reason' | 'by'> & { request: RequestContext }, TriageView>() {}

/** A person's call on the priority: recorded as the request's principal, answered with the incident's triage view. */
abstract class OverrideHandlerBase extends StoreCommandHandler {
  protected async view(incidentId: string): Promise<TriageView> {
    return viewOf(await triages.load(this.store, { incidentId }))!;
  }
}

@CommandHandler(OverridePriorityCommand)
export class OverridePriorityHandler extends OverrideHandlerBase implements ICommandHandler<OverridePriorityCommand, TriageView> {
  async execute({ incidentId, priority, severity, reason, by, request }: OverridePriorityCommand): Promise<TriageView> {
    await triages.handle(this.store, {
      type: 'OverridePriority',
      eventId: newId(),
      incidentId,
      priority,
      ...(severity ? { severity } : {}),
      reason,
      by,
      context: this.contextOf(request),
    });
    return this.view(incidentId);
  }
}

@CommandHandler(ClearOverrideCommand)
export class ClearOverrideHandler extends OverrideHandlerBase implements ICommandHandler<ClearOverrideCommand, TriageView> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock, private readonly config: TriageConfigProjection) {
    super(store, clock);
  }

  async execute({ incidentId, reason, by, request }: ClearOverrideCommand): Promise<TriageView> {
    await triages.handle(this.store, {
      type: 'ClearOverride',
      eventId: newId(),
      incidentId,
      reason,
      by,
      matrix: await this.config.currentMatrix(),
      context: this.contextOf(request),
    });
    return this.view(incidentId);
  }
}
