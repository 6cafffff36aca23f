import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { CreateEscalationPolicy, EscalationPolicyEntry, RetireEscalationPolicy, UpdateEscalationPolicy } from '../domain/escalation/escalation-policy.decider';

/** A policy as the routes answer it: every key present (no acknowledgement timeout is null). */
export interface EscalationPolicyView extends Omit<EscalationPolicyEntry, 'acknowledgementTimeoutMinutes'> {
  acknowledgementTimeoutMinutes: number | null;
  status: 'active' | 'retired';
  retiredAt: string | null;
}

export type PolicyVersion = { policyId: string; version: number };

export class CreateEscalationPolicyCommand extends commandWith<Pick<CreateEscalationPolicy, 'policy'> & { request: RequestContext }, PolicyVersion>() {}

export class UpdateEscalationPolicyCommand extends commandWith<Pick<UpdateEscalationPolicy, 'policyId' | 'policy' | 'basedOnVersion'> & { request: RequestContext }, PolicyVersion>() {}

export class RetireEscalationPolicyCommand extends commandWith<Pick<RetireEscalationPolicy, 'policyId' | 'basedOnVersion'> & { request: RequestContext }, PolicyVersion>() {}

export class GetEscalationPolicyQuery extends Query<EscalationPolicyView> {
  constructor(readonly policyId: string) {
    super();
  }
}

export class ListEscalationPoliciesQuery extends Query<{ items: EscalationPolicyView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
