import { StatusUpdatePostedEvent } from '@linchpin/contracts';

export type PublicUpdateStatus = StatusUpdatePostedEvent['data']['status'];

/** Who a status update is for (v2). v1 updates (before audiences) are raised as public by the contracts' upcaster. */
export type UpdateAudience = StatusUpdatePostedEvent['data']['audience'];

/** The audience of a posted (upcast) update: the status page shows only what is `public`. */
export const audienceOf = (data: Pick<StatusUpdatePostedEvent['data'], 'audience'>): UpdateAudience => data.audience;

export interface PublicUpdate {
  updateId: string;
  status: PublicUpdateStatus;
  message: string;
  postedAt: string;
}
