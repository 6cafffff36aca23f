import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { currentTemplates, UpdateTemplatesVersion } from '../domain/update-templates/update-templates.decider';
import { UpdateTemplateTable, validateTemplates } from '../domain/update-templates/update-templates';
import { updateTemplates } from '../domain/streams';
import { GetUpdateTemplatesQuery, ListUpdateTemplateVersionsQuery, UpdateTemplatesView, VersionUpdateTemplatesCommand } from './update-templates.commands';

const viewOf = (version: UpdateTemplatesVersion): UpdateTemplatesView => ({ ...version, builtIn: version.versionedAt === null });

@CommandHandler(VersionUpdateTemplatesCommand)
export class VersionUpdateTemplatesHandler extends StoreCommandHandler implements ICommandHandler<VersionUpdateTemplatesCommand> {
  async execute({ templates, reason, basedOnVersion, request }: VersionUpdateTemplatesCommand): Promise<UpdateTemplatesView & { changed: boolean }> {
    // Every failing field at once, as a 400 (a template that does not compile, an unknown variable); the decider checks again.
    const errors = validateTemplates(templates);
    if (errors.length > 0) throw new RequestValidationException(errors);
    const { events, state } = await updateTemplates.handle(this.store, {
      type: 'VersionUpdateTemplates',
      eventId: newId(),
      templates: templates as UpdateTemplateTable,
      ...(reason !== undefined ? { reason } : {}),
      ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
      context: this.contextOf(request),
    });
    return { ...viewOf(currentTemplates(state)), changed: events.length > 0 };
  }
}

@QueryHandler(GetUpdateTemplatesQuery)
export class GetUpdateTemplatesHandler implements IQueryHandler<GetUpdateTemplatesQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<UpdateTemplatesView> {
    return viewOf(currentTemplates(await updateTemplates.load(this.store, {})));
  }
}

@QueryHandler(ListUpdateTemplateVersionsQuery)
export class ListUpdateTemplateVersionsHandler implements IQueryHandler<ListUpdateTemplateVersionsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<{ items: UpdateTemplatesView[] }> {
    return { items: (await updateTemplates.load(this.store, {})).versions.map(viewOf) };
  }
}
