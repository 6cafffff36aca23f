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

/** An incident's update deadline as comms holds it. */
export interface IncidentCadenceView {
  incidentId: string;
  status: 'unopened' | 'open' | 'closed';
  priority: string | null;
  cadenceMinutes: number | null;
  cadenceVersion: number | null;
  openedAt: string | null;
  lastUpdateAt: string | null;
  /** When the next status update is due; null: none due (closed, or no cadence at its priority). */
  nextUpdateDueAt: string | null;
  /** Who is told when it passes; null: nobody (neither a communications lead nor a commander). */
  notifies: { personId: string; role: 'communications-lead' | 'commander' } | null;
}

export class GetIncidentCadenceQuery extends Query<IncidentCadenceView> {
  constructor(readonly incidentId: string) {
    super();
  }
}
