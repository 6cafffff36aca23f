import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, StoreCommandHandler } from '@linchpin/platform';
import { RegisterService, RetireService, ServiceEntry, ServiceState, UpdateService } from '../domain/service-catalog.decider';
import { services } from '../domain/streams';

const activeEntry = (state: ServiceState): ServiceEntry => {
  if (state.status !== 'active') throw new Error('an active service expected after a successful command');
  return state.service;
};

/** Answers the registered entry (version 1, or the next version of a retired name registered again). */
export class RegisterServiceCommand extends commandWith<Pick<RegisterService, 'service'> & { request: RequestContext }, ServiceEntry>() {}

/** Replaces the definition of `service.name`; answers the entry, unchanged when nothing differed. */
export class UpdateServiceCommand extends commandWith<Pick<UpdateService, 'service'> & { request: RequestContext }, ServiceEntry>() {}

/** Retiring a retired service is accepted and records nothing. */
export class RetireServiceCommand extends commandWith<Pick<RetireService, 'name'> & { request: RequestContext }, void>() {}

@CommandHandler(RegisterServiceCommand)
export class RegisterServiceHandler extends StoreCommandHandler implements ICommandHandler<RegisterServiceCommand> {
  async execute({ service, request }: RegisterServiceCommand): Promise<ServiceEntry> {
    const { state } = await services.handle(this.store, {
      type: 'RegisterService',
      eventId: newId(),
      name: service.name,
      service,
      context: this.contextOf(request),
    });
    return activeEntry(state);
  }
}

@CommandHandler(UpdateServiceCommand)
export class UpdateServiceHandler extends StoreCommandHandler implements ICommandHandler<UpdateServiceCommand> {
  async execute({ service, request }: UpdateServiceCommand): Promise<ServiceEntry> {
    const { state } = await services.handle(this.store, {
      type: 'UpdateService',
      eventId: newId(),
      name: service.name,
      service,
      context: this.contextOf(request),
    });
    return activeEntry(state);
  }
}

@CommandHandler(RetireServiceCommand)
export class RetireServiceHandler extends StoreCommandHandler implements ICommandHandler<RetireServiceCommand> {
  async execute({ name, request }: RetireServiceCommand): Promise<void> {
    await services.handle(this.store, {
      type: 'RetireService',
      eventId: newId(),
      name,
      context: this.contextOf(request),
    });
  }
}

export const SERVICE_CATALOG_HANDLERS = [RegisterServiceHandler, UpdateServiceHandler, RetireServiceHandler];
