import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomBytes } from 'node:crypto';
import { executeCommand, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { correlationPolicyDecider, CorrelationPolicy } from '../domain/correlation-policy.decider';
import { integrationDecider, IntegrationKind, IntegrationSettings, IntegrationState } from '../domain/integration.decider';
import { maintenanceDecider, MaintenanceWindowScheduledEvent } from '../domain/maintenance.decider';
import { correlationPolicyStream, integrationStream, maintenanceStream } from '../domain/streams';

/** Keys are stored only as this hash; a lookup hashes what the sender presented. */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');


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
export class CreateIntegrationHandler extends StoreCommandHandler implements ICommandHandler<CreateIntegrationCommand> {
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
      context: this.contextOf(actor, requestId),
    });
    return { integration: active(state), key };
  }
}

@CommandHandler(ChangeIntegrationSettingsCommand)
export class ChangeIntegrationSettingsHandler extends StoreCommandHandler implements ICommandHandler<ChangeIntegrationSettingsCommand> {
  async execute({ integrationId, settings, actor, requestId }: ChangeIntegrationSettingsCommand) {
    const { state } = await executeCommand(this.store, integrationStream(integrationId), integrationDecider, {
      type: 'ChangeIntegrationSettings',
      eventId: newId(),
      integrationId,
      settings,
      context: this.contextOf(actor, requestId),
    });
    return active(state);
  }
}

@CommandHandler(RevokeIntegrationKeyCommand)
export class RevokeIntegrationKeyHandler extends StoreCommandHandler implements ICommandHandler<RevokeIntegrationKeyCommand> {
  async execute({ integrationId, actor, requestId }: RevokeIntegrationKeyCommand) {
    const { state } = await executeCommand(this.store, integrationStream(integrationId), integrationDecider, {
      type: 'RevokeIntegrationKey',
      eventId: newId(),
      integrationId,
      context: this.contextOf(actor, requestId),
    });
    return active(state);
  }
}

@CommandHandler(ScheduleMaintenanceCommand)
export class ScheduleMaintenanceHandler extends StoreCommandHandler implements ICommandHandler<ScheduleMaintenanceCommand> {
  async execute({ window, actor, requestId }: ScheduleMaintenanceCommand) {
    const windowId = newId();
    await executeCommand(this.store, maintenanceStream(windowId), maintenanceDecider, {
      type: 'ScheduleMaintenance',
      eventId: newId(),
      windowId,
      ...window,
      context: this.contextOf(actor, requestId),
    });
    return { windowId, ...window };
  }
}

@CommandHandler(CancelMaintenanceCommand)
export class CancelMaintenanceHandler extends StoreCommandHandler implements ICommandHandler<CancelMaintenanceCommand> {
  async execute({ windowId, actor, requestId }: CancelMaintenanceCommand) {
    await executeCommand(this.store, maintenanceStream(windowId), maintenanceDecider, {
      type: 'CancelMaintenance',
      eventId: newId(),
      windowId,
      context: this.contextOf(actor, requestId),
    });
  }
}

@CommandHandler(SetCorrelationPolicyCommand)
export class SetCorrelationPolicyHandler extends StoreCommandHandler implements ICommandHandler<SetCorrelationPolicyCommand> {
  async execute({ policy, actor, requestId }: SetCorrelationPolicyCommand) {
    const { state } = await executeCommand(this.store, correlationPolicyStream(policy.service), correlationPolicyDecider, {
      type: 'SetCorrelationPolicy',
      eventId: newId(),
      ...policy,
      context: this.contextOf(actor, requestId),
    });
    if (state.status === 'none') throw new Error('correlation policy expected after a successful command');
    return state.policy;
  }
}
