import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { CadenceVersion, VersionUpdateCadence } from '../../domain/cadence/cadence-policy.decider';

/** A version of the update cadence as the routes answer it. */
export interface UpdateCadenceView extends CadenceVersion {
  /** True for version 1, the built-in default (never stored). */
  builtIn: boolean;
}

export class VersionUpdateCadenceCommand extends commandWith<
  Pick<VersionUpdateCadence, 'reason' | 'basedOnVersion'> & { cadence: unknown; request: RequestContext },
  UpdateCadenceView & { changed: boolean }
>() {}

export class GetUpdateCadenceQuery extends Query<UpdateCadenceView> {}

export class ListUpdateCadenceVersionsQuery extends Query<{ items: UpdateCadenceView[] }> {}
