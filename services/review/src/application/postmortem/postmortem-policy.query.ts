import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { PostmortemPolicyState } from '../../domain/postmortem/postmortem-policy.decider';
import { postmortemPolicies } from '../../domain/streams';

export class GetPostmortemPolicyQuery extends Query<PostmortemPolicyState> {}

@QueryHandler(GetPostmortemPolicyQuery)
export class GetPostmortemPolicyHandler implements IQueryHandler<GetPostmortemPolicyQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<PostmortemPolicyState> {
    return postmortemPolicies.load(this.store, {});
  }
}
