import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomBytes } from 'node:crypto';
import { Clock, CLOCK, EVENT_STORE, EventStore, executeCommand, newId } from '@linchpin/eventsourcing';
import { CommandContext } from '../domain/command-context';
import { correlationPolicyDecider, CorrelationPolicy } from '../domain/correlation-policy.decider';
import { integrationDecider, IntegrationKind, IntegrationSettings, IntegrationState } from '../domain/integration.decider';
import { maintenanceDecider, MaintenanceWindowScheduledEvent } from '../domain/maintenance.decider';
import { correlationPolicyStream, integrationStream, maintenanceStream } from '../domain/streams';

/** Keys are stored only as this hash; a lookup hashes what the sender presented. */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const contextOf = (clock: Clock, actor: string, requestId: string): CommandContext => ({ actor, causationId: requestId, occurredAt: clock.now().toISOString() });

export class CreateIntegrationCommand extends Command<{ integration: Exclude<IntegrationState, { status: 'none' }>; key: string }> {
  constructor(
    readonly input: { name: string; kind: IntegrationKind; service: string; settings: IntegrationSettings },
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export class ChangeIntegrationSettingsCommand extends Command<Exclude<IntegrationState, { status: 'none' }>> {
  constructor(
    readonly integrationId: string,
    readonly settings: IntegrationSettings,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export class RevokeIntegrationKeyCommand extends Command<Exclude<IntegrationState, { status: 'none' }>> {
  constructor(
    readonly integrationId: string,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export class ScheduleMaintenanceCommand extends Command<MaintenanceWindowScheduledEvent['data']> {
  constructor(
    readonly window: Omit<MaintenanceWindowScheduledEvent['data'], 'windowId'>,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export class CancelMaintenanceCommand extends Command<void> {
  constructor(
    readonly windowId: string,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export class SetCorrelationPolicyCommand extends Command<CorrelationPolicy> {
  constructor(
    readonly policy: Omit<CorrelationPolicy, 'version'>,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

const active = (state: IntegrationState): Exclude<IntegrationState, { status: 'none' }> => {
  if (state.status === 'none') throw new Error('integration state expected after a successful command');
  return state;
};

@CommandHandler(CreateIntegrationCommand)
export class CreateIntegrationHandler implements ICommandHandler<CreateIntegrationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, actor, requestId }: CreateIntegrationCommand) {
    // 32 hex characters, the shape of a PagerDuty integration key, so PagerDuty clients accept it.
    const key = randomBytes(16).toString('hex');
    const integrationId = newId();
    const { state } = await executeCommand(this.store, integrationStream(integrationId), integrationDecider, {
      type: 'CreateIntegration',
      eventId: newId(),
      integrationId,
      ...input,
      keyHash: hashKey(key),
      keyHint: key.slice(-4),
      context: contextOf(this.clock, actor, requestId),
    });
    return { integration: active(state), key };
  }
}

@CommandHandler(ChangeIntegrationSettingsCommand)
export class ChangeIntegrationSettingsHandler implements ICommandHandler<ChangeIntegrationSettingsCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ integrationId, settings, actor, requestId }: ChangeIntegrationSettingsCommand) {
    const { state } = await executeCommand(this.store, integrationStream(integrationId), integrationDecider, {
      type: 'ChangeIntegrationSettings',
      eventId: newId(),
      integrationId,
      settings,
      context: contextOf(this.clock, actor, requestId),
    });
    return active(state);
  }
}

@CommandHandler(RevokeIntegrationKeyCommand)
export class RevokeIntegrationKeyHandler implements ICommandHandler<RevokeIntegrationKeyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ integrationId, actor, requestId }: RevokeIntegrationKeyCommand) {
    const { state } = await executeCommand(this.store, integrationStream(integrationId), integrationDecider, {
      type: 'RevokeIntegrationKey',
      eventId: newId(),
      integrationId,
      context: contextOf(this.clock, actor, requestId),
    });
    return active(state);
  }
}

@CommandHandler(ScheduleMaintenanceCommand)
export class ScheduleMaintenanceHandler implements ICommandHandler<ScheduleMaintenanceCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ window, actor, requestId }: ScheduleMaintenanceCommand) {
    const windowId = newId();
    await executeCommand(this.store, maintenanceStream(windowId), maintenanceDecider, {
      type: 'ScheduleMaintenance',
      eventId: newId(),
      windowId,
      ...window,
      context: contextOf(this.clock, actor, requestId),
    });
    return { windowId, ...window };
  }
}

@CommandHandler(CancelMaintenanceCommand)
export class CancelMaintenanceHandler implements ICommandHandler<CancelMaintenanceCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ windowId, actor, requestId }: CancelMaintenanceCommand) {
    await executeCommand(this.store, maintenanceStream(windowId), maintenanceDecider, {
      type: 'CancelMaintenance',
      eventId: newId(),
      windowId,
      context: contextOf(this.clock, actor, requestId),
    });
  }
}

@CommandHandler(SetCorrelationPolicyCommand)
export class SetCorrelationPolicyHandler implements ICommandHandler<SetCorrelationPolicyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policy, actor, requestId }: SetCorrelationPolicyCommand) {
    const { state } = await executeCommand(this.store, correlationPolicyStream(policy.service), correlationPolicyDecider, {
      type: 'SetCorrelationPolicy',
      eventId: newId(),
      ...policy,
      context: contextOf(this.clock, actor, requestId),
    });
    if (state.status === 'none') throw new Error('correlation policy expected after a successful command');
    return state.policy;
  }
}
