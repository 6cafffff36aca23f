import { IncidentLink } from '../domain/response-merge';
import { ResponseState } from '../domain/response.decider';

/** issue 13, merge and link, as the incident view shows them. */
export interface MergeView {
  /** The survivor this incident was merged into (a pointer: act there); null while it stands on its own. */
  mergedInto: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  /** The incidents merged into this one, in the order they were. */
  merged: string[];
  /** The links made on this incident. */
  links: IncidentLink[];
}

export const mergeView = ({ merge }: Exclude<ResponseState, { status: 'none' }>): MergeView => ({
  mergedInto: merge.mergedInto,
  mergedAt: merge.mergedAt,
  mergedBy: merge.mergedBy,
  merged: merge.merged,
  links: merge.links,
});
