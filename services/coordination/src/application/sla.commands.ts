import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { Priority, SlaPolicyVersion, SlaTarget, VersionSlaTargets } from '../domain/sla';

/** A version of the SLA targets as the routes answer it. */
export interface SlaTargetsView extends SlaPolicyVersion {
  /** True for version 1, the built-in default (never stored). */
  builtIn: boolean;
}

/** One clock of an incident, as it stands at `at`. */
export interface SlaClockView {
  target: SlaTarget;
  /** running: the target has not passed and nothing stopped it; met: stopped in time; breached: the target passed first; not-applicable: no target at this priority. */
  status: 'running' | 'met' | 'breached' | 'not-applicable';
  minutes: number | null;
  dueAt: string | null;
  /** From the incident's start to the stop, or to `at` while the clock has not stopped. */
  elapsedSeconds: number;
  /** Until `dueAt` (0 once due), while running; null otherwise. */
  remainingSeconds: number | null;
  stoppedAt: string | null;
  stoppedBy: 'acknowledged' | 'mitigated' | 'resolved' | null;
  breachedAt: string | null;
}

export interface IncidentSlaView {
  incidentId: string;
  slaVersion: number;
  priority: Priority | null;
  startedAt: string;
  at: string;
  clocks: SlaClockView[];
}

export class VersionSlaTargetsCommand extends commandWith<
  Pick<VersionSlaTargets, 'reason' | 'basedOnVersion'> & { targets: unknown; request: RequestContext },
  SlaTargetsView & { changed: boolean }
>() {}

export class GetSlaTargetsQuery extends Query<SlaTargetsView> {}

export class ListSlaTargetVersionsQuery extends Query<{ items: SlaTargetsView[] }> {}

export class GetIncidentSlaQuery extends Query<IncidentSlaView> {
  constructor(readonly incidentId: string) {
    super();
  }
}
