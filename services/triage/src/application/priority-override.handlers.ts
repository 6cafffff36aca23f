import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, EVENT_STORE, EventStore, executeCommand, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { Priority, SevLevel } from '../domain/priority-matrix';
import { triageStream } from '../domain/streams';
import { triageDecider } from '../domain/triage.decider';
import { TriageConfigProjection } from './triage-config.projection';
import { loadTriage, TriageView, upcastTriage, viewOf } from './triage-view';

export class OverridePriorityCommand extends Command<TriageView> {
  constructor(
    readonly incidentId: string,
    readonly priority: Priority,
    readonly severity: SevLevel | undefined,
    readonly reason: string,
    readonly by: string,
  ) {
    super();
  }
}

export class ClearOverrideCommand extends Command<TriageView> {
  constructor(
    readonly incidentId: string,
    readonly reason: string,
    readonly by: string,
  ) {
    super();
  }
}

/** A person's call on the priority: recorded as `user:<by>`, answered with the incident's triage view. */
abstract class OverrideHandlerBase extends StoreCommandHandler {
  protected async view(incidentId: string): Promise<TriageView> {
    return viewOf(await loadTriage(this.store, incidentId))!;
  }

  protected context(by: string) {
    return this.contextOf(`user:${by}`, newId());
  }
}

@CommandHandler(OverridePriorityCommand)
export class OverridePriorityHandler extends OverrideHandlerBase implements ICommandHandler<OverridePriorityCommand, TriageView> {
  async execute({ incidentId, priority, severity, reason, by }: OverridePriorityCommand): Promise<TriageView> {
    await executeCommand(
      this.store,
      triageStream(incidentId),
      triageDecider,
      { type: 'OverridePriority', eventId: newId(), incidentId, priority, ...(severity ? { severity } : {}), reason, by, context: this.context(by) },
      { map: upcastTriage, retries: 8 },
    );
    return this.view(incidentId);
  }
}

@CommandHandler(ClearOverrideCommand)
export class ClearOverrideHandler extends OverrideHandlerBase implements ICommandHandler<ClearOverrideCommand, TriageView> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock, private readonly config: TriageConfigProjection) {
    super(store, clock);
  }

  async execute({ incidentId, reason, by }: ClearOverrideCommand): Promise<TriageView> {
    await executeCommand(
      this.store,
      triageStream(incidentId),
      triageDecider,
      { type: 'ClearOverride', eventId: newId(), incidentId, reason, by, matrix: await this.config.currentMatrix(), context: this.context(by) },
      { map: upcastTriage, retries: 8 },
    );
    return this.view(incidentId);
  }
}
