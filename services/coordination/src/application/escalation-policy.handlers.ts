import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { escalationPolicies } from '../domain/streams';
import { EscalationPolicyState } from '../domain/escalation/escalation-policy.decider';
import {
  CreateEscalationPolicyCommand,
  EscalationPolicyView,
  GetEscalationPolicyQuery,
  ListEscalationPoliciesQuery,
  PolicyVersion,
  RetireEscalationPolicyCommand,
  UpdateEscalationPolicyCommand,
} from './escalation-policy.commands';
import { EscalationPoliciesProjection, escalationPolicyView } from './escalation-policies.projection';

const versionOf = (policyId: string, state: EscalationPolicyState): PolicyVersion => {
  if (state.status === 'none') throw new NotFoundError('escalation policy', policyId);
  return { policyId, version: state.policy.version };
};

@CommandHandler(CreateEscalationPolicyCommand)
export class CreateEscalationPolicyHandler extends StoreCommandHandler implements ICommandHandler<CreateEscalationPolicyCommand> {
  async execute({ policy, request }: CreateEscalationPolicyCommand): Promise<PolicyVersion> {
    const policyId = newId();
    const { state } = await escalationPolicies.handle(this.store, { type: 'CreateEscalationPolicy', policyId, eventId: newId(), policy, context: this.contextOf(request) });
    return versionOf(policyId, state);
  }
}

@CommandHandler(UpdateEscalationPolicyCommand)
export class UpdateEscalationPolicyHandler extends StoreCommandHandler implements ICommandHandler<UpdateEscalationPolicyCommand> {
  async execute({ policyId, policy, basedOnVersion, request }: UpdateEscalationPolicyCommand): Promise<PolicyVersion> {
    const { state } = await escalationPolicies.handle(this.store, {
      type: 'UpdateEscalationPolicy',
      policyId,
      eventId: newId(),
      policy,
      ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
      context: this.contextOf(request),
    });
    return versionOf(policyId, state);
  }
}

@CommandHandler(RetireEscalationPolicyCommand)
export class RetireEscalationPolicyHandler extends StoreCommandHandler implements ICommandHandler<RetireEscalationPolicyCommand> {
  async execute({ policyId, basedOnVersion, request }: RetireEscalationPolicyCommand): Promise<PolicyVersion> {
    const { state } = await escalationPolicies.handle(this.store, {
      type: 'RetireEscalationPolicy',
      policyId,
      eventId: newId(),
      ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
      context: this.contextOf(request),
    });
    return versionOf(policyId, state);
  }
}

@QueryHandler(GetEscalationPolicyQuery)
export class GetEscalationPolicyHandler implements IQueryHandler<GetEscalationPolicyQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetEscalationPolicyQuery): Promise<EscalationPolicyView> {
    const state = await escalationPolicies.load(this.store, { policyId: query.policyId });
    if (state.status === 'none') throw new NotFoundError('escalation policy', query.policyId);
    return escalationPolicyView(state);
  }
}

@QueryHandler(ListEscalationPoliciesQuery)
export class ListEscalationPoliciesHandler implements IQueryHandler<ListEscalationPoliciesQuery> {
  constructor(private readonly policies: EscalationPoliciesProjection) {}

  execute(query: ListEscalationPoliciesQuery): Promise<{ items: EscalationPolicyView[]; nextCursor: string | null }> {
    return this.policies.page(query.limit, query.cursor);
  }
}
