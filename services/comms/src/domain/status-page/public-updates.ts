import { StatusUpdatePostedEvent } from '@linchpin/contracts';

export type PublicUpdateStatus = StatusUpdatePostedEvent['data']['status'];

/** Who a status update is for. v1 updates (before audiences) were stakeholder updates: public. */
export type UpdateAudience = 'responders' | 'internal' | 'public';

/**
 * The audience of a posted update, read so that today's v1 (no `audience`) and a later version carrying one both
 * work: the status page shows only what is `public`.
 */
export const audienceOf = (data: StatusUpdatePostedEvent['data']): UpdateAudience =>
  (data as { audience?: UpdateAudience }).audience ?? 'public';

export interface PublicUpdate {
  updateId: string;
  status: PublicUpdateStatus;
  message: string;
  postedAt: string;
}
