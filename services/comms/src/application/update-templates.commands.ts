import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { UpdateTemplatesVersion, VersionUpdateTemplates } from '../domain/update-templates/update-templates.decider';

/** A version of the status update templates as the routes answer it. */
export interface UpdateTemplatesView extends UpdateTemplatesVersion {
  /** True for version 1, the built-in templates (never stored). */
  builtIn: boolean;
}

export class VersionUpdateTemplatesCommand extends commandWith<
  Pick<VersionUpdateTemplates, 'reason' | 'basedOnVersion'> & { templates: unknown; request: RequestContext },
  UpdateTemplatesView & { changed: boolean }
>() {}

export class GetUpdateTemplatesQuery extends Query<UpdateTemplatesView> {}

export class ListUpdateTemplateVersionsQuery extends Query<{ items: UpdateTemplatesView[] }> {}
