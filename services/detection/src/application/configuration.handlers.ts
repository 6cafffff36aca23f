import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, StoreCommandHandler } from '@linchpin/platform';
import { CorrelationPolicy, SetCorrelationPolicy } from '../domain/correlation-policy.decider';
import { IntegrationCommand, IntegrationState } from '../domain/integration.decider';
import { MaintenanceCommand, MaintenanceWindowScheduledEvent } from '../domain/maintenance.decider';
import { correlationPolicies, integrations, maintenanceWindows } from '../domain/streams';
import { configureHeartbeat } from './heartbeat.monitor';

/** Keys are stored only as this hash; a lookup hashes what the sender presented. */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

type IntegrationCommandOf<T extends IntegrationCommand['type']> = Extract<IntegrationCommand, { type: T }>;
type MaintenanceCommandOf<T extends MaintenanceCommand['type']> = Extract<MaintenanceCommand, { type: T }>;
type ExistingIntegration = Exclude<IntegrationState, { status: 'none' }>;
type MaintenanceWindowData = MaintenanceWindowScheduledEvent['data'];

export class CreateIntegrationCommand extends commandWith<
  Pick<IntegrationCommandOf<'CreateIntegration'>, 'name' | 'kind' | 'service' | 'settings'> & { request: RequestContext },
  { integration: ExistingIntegration; key: string }
>() {}

export class ChangeIntegrationSettingsCommand extends commandWith<
  Pick<IntegrationCommandOf<'ChangeIntegrationSettings'>, 'integrationId' | 'settings'> & { request: RequestContext },
  ExistingIntegration
>() {}

export class RevokeIntegrationKeyCommand extends commandWith<Pick<IntegrationCommandOf<'RevokeIntegrationKey'>, 'integrationId'> & { request: RequestContext }, ExistingIntegration>() {}

export class ScheduleMaintenanceCommand extends commandWith<
  Pick<MaintenanceCommandOf<'ScheduleMaintenance'>, 'name' | 'startsAt' | 'endsAt' | 'services' | 'labels'> & { request: RequestContext },
  MaintenanceWindowData
>() {}

export class CancelMaintenanceCommand extends commandWith<Pick<MaintenanceCommandOf<'CancelMaintenance'>, 'windowId'> & { request: RequestContext }, void>() {}

export class SetCorrelationPolicyCommand extends commandWith<
  Pick<SetCorrelationPolicy, 'service' | 'enabled' | 'groupBy' | 'windowSeconds'> & { request: RequestContext },
  CorrelationPolicy
>() {}

const existing = (state: IntegrationState): ExistingIntegration => {
  if (state.status === 'none') throw new Error('integration state expected after a successful command');
  return state;
};

@CommandHandler(CreateIntegrationCommand)
export class CreateIntegrationHandler extends StoreCommandHandler implements ICommandHandler<CreateIntegrationCommand> {
  async execute({ name, kind, service, settings, request }: CreateIntegrationCommand) {
    // 32 hex characters, the shape of a PagerDuty integration key, so PagerDuty clients accept it.
    const key = randomBytes(16).toString('hex');
    const context = this.contextOf(request);
    const { state } = await integrations.handle(this.store, {
      type: 'CreateIntegration',
      eventId: newId(),
      integrationId: newId(),
      name,
      kind,
      service,
      settings,
      keyHash: hashKey(key),
      keyHint: key.slice(-4),
      context,
    });
    await configureHeartbeat(this.store, existing(state), context);
    return { integration: existing(state), key };
  }
}

@CommandHandler(ChangeIntegrationSettingsCommand)
export class ChangeIntegrationSettingsHandler extends StoreCommandHandler implements ICommandHandler<ChangeIntegrationSettingsCommand> {
  async execute({ integrationId, settings, request }: ChangeIntegrationSettingsCommand) {
    const context = this.contextOf(request);
    const { state } = await integrations.handle(this.store, { type: 'ChangeIntegrationSettings', eventId: newId(), integrationId, settings, context });
    // Enabling, disabling or changing the heartbeat moves its deadline now (a restart's reconciliation catches up a crash between).
    await configureHeartbeat(this.store, existing(state), context);
    return existing(state);
  }
}

@CommandHandler(RevokeIntegrationKeyCommand)
export class RevokeIntegrationKeyHandler extends StoreCommandHandler implements ICommandHandler<RevokeIntegrationKeyCommand> {
  async execute({ integrationId, request }: RevokeIntegrationKeyCommand) {
    const context = this.contextOf(request);
    const { state } = await integrations.handle(this.store, { type: 'RevokeIntegrationKey', eventId: newId(), integrationId, context });
    await configureHeartbeat(this.store, existing(state), context);
    return existing(state);
  }
}

@CommandHandler(ScheduleMaintenanceCommand)
export class ScheduleMaintenanceHandler extends StoreCommandHandler implements ICommandHandler<ScheduleMaintenanceCommand> {
  async execute({ name, startsAt, endsAt, services, labels, request }: ScheduleMaintenanceCommand) {
    // In this order: the window's fields are recorded as the command lists them.
    const window: MaintenanceWindowData = { windowId: newId(), name, startsAt, endsAt, services, labels };
    await maintenanceWindows.handle(this.store, { type: 'ScheduleMaintenance', eventId: newId(), ...window, context: this.contextOf(request) });
    return window;
  }
}

@CommandHandler(CancelMaintenanceCommand)
export class CancelMaintenanceHandler extends StoreCommandHandler implements ICommandHandler<CancelMaintenanceCommand> {
  async execute({ windowId, request }: CancelMaintenanceCommand) {
    await maintenanceWindows.handle(this.store, { type: 'CancelMaintenance', eventId: newId(), windowId, context: this.contextOf(request) });
  }
}

@CommandHandler(SetCorrelationPolicyCommand)
export class SetCorrelationPolicyHandler extends StoreCommandHandler implements ICommandHandler<SetCorrelationPolicyCommand> {
  async execute({ service, enabled, groupBy, windowSeconds, request }: SetCorrelationPolicyCommand) {
    const { state } = await correlationPolicies.handle(this.store, {
      type: 'SetCorrelationPolicy',
      eventId: newId(),
      service,
      enabled,
      groupBy,
      windowSeconds,
      context: this.contextOf(request),
    });
    if (state.status === 'none') throw new Error('correlation policy expected after a successful command');
    return state.policy;
  }
}
