import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { executeCommand, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { serviceCatalogDecider, ServiceEntry, ServiceSpec, ServiceState } from '../domain/service-catalog.decider';
import { serviceStream } from '../domain/streams';

const activeEntry = (state: ServiceState): ServiceEntry => {
  if (state.status !== 'active') throw new Error('an active service expected after a successful command');
  return state.service;
};

/** Answers the registered entry (version 1, or the next version of a retired name registered again). */
export class RegisterServiceCommand extends Command<ServiceEntry> {
  constructor(
    readonly service: ServiceSpec,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

/** Replaces the definition of `service.name`; answers the entry, unchanged when nothing differed. */
export class UpdateServiceCommand extends Command<ServiceEntry> {
  constructor(
    readonly service: ServiceSpec,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

/** Retiring a retired service is accepted and records nothing. */
export class RetireServiceCommand extends Command<void> {
  constructor(
    readonly name: string,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterServiceCommand)
export class RegisterServiceHandler extends StoreCommandHandler implements ICommandHandler<RegisterServiceCommand> {
  async execute({ service, actor, requestId }: RegisterServiceCommand): Promise<ServiceEntry> {
    const { state } = await executeCommand(this.store, serviceStream(service.name), serviceCatalogDecider, {
      type: 'RegisterService',
      eventId: newId(),
      service,
      context: this.contextOf(actor, requestId),
    });
    return activeEntry(state);
  }
}

@CommandHandler(UpdateServiceCommand)
export class UpdateServiceHandler extends StoreCommandHandler implements ICommandHandler<UpdateServiceCommand> {
  async execute({ service, actor, requestId }: UpdateServiceCommand): Promise<ServiceEntry> {
    const { state } = await executeCommand(this.store, serviceStream(service.name), serviceCatalogDecider, {
      type: 'UpdateService',
      eventId: newId(),
      service,
      context: this.contextOf(actor, requestId),
    });
    return activeEntry(state);
  }
}

@CommandHandler(RetireServiceCommand)
export class RetireServiceHandler extends StoreCommandHandler implements ICommandHandler<RetireServiceCommand> {
  async execute({ name, actor, requestId }: RetireServiceCommand): Promise<void> {
    await executeCommand(this.store, serviceStream(name), serviceCatalogDecider, {
      type: 'RetireService',
      eventId: newId(),
      name,
      context: this.contextOf(actor, requestId),
    });
  }
}

export const SERVICE_CATALOG_HANDLERS = [RegisterServiceHandler, UpdateServiceHandler, RetireServiceHandler];
