import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { EscalationPolicyEvent, EscalationPolicyState, escalationPolicyDecider } from '../domain/escalation/escalation-policy.decider';
import { ESCALATION_POLICY_STREAM_PREFIX } from '../domain/streams';
import { EscalationPolicyView } from './escalation-policy.commands';

/** A folded policy state as the routes answer it. */
export const escalationPolicyView = (state: Exclude<EscalationPolicyState, { status: 'none' }>): EscalationPolicyView => {
  const { acknowledgementTimeoutMinutes, ...policy } = state.policy;
  return {
    ...policy,
    acknowledgementTimeoutMinutes: acknowledgementTimeoutMinutes ?? null,
    status: state.status,
    retiredAt: state.status === 'retired' ? state.retiredAt : null,
  };
};

/** The cursor is the last (name, id) of the previous page: names need not be unique. */
const cursorOf = (view: EscalationPolicyView): string => encodeCursor([view.name, view.policyId]);
const order = (a: { name: string; policyId: string }, b: { name: string; policyId: string }): number => a.name.localeCompare(b.name) || a.policyId.localeCompare(b.policyId);

/** Active escalation policies by name, for the list route: folded from the `escalationPolicy-` streams. */
@Injectable()
export class EscalationPoliciesProjection {
  private readonly states = new Map<string, EscalationPolicyState>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [ESCALATION_POLICY_STREAM_PREFIX], (event) => {
      const before = this.states.get(event.streamId) ?? escalationPolicyDecider.initialState;
      this.states.set(event.streamId, escalationPolicyDecider.evolve(before, upcast(event) as EscalationPolicyEvent));
    });
  }

  /** The active policy of that name (trimmed, case-insensitive; the lowest id when several share it): how a route may name one. */
  async byName(name: string): Promise<EscalationPolicyView | undefined> {
    await this.feed.current();
    const key = name.trim().toLowerCase();
    return [...this.states.values()]
      .filter((s): s is Extract<EscalationPolicyState, { status: 'active' }> => s.status === 'active' && s.policy.name.trim().toLowerCase() === key)
      .map(escalationPolicyView)
      .sort((a, b) => a.policyId.localeCompare(b.policyId))[0];
  }

  async page(limit: number, cursor?: string): Promise<{ items: EscalationPolicyView[]; nextCursor: string | null }> {
    await this.feed.current();
    const active = [...this.states.values()]
      .filter((s): s is Extract<EscalationPolicyState, { status: 'active' }> => s.status === 'active')
      .map(escalationPolicyView)
      .sort(order);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isStringKey(2));
    const rest = after === undefined ? active : active.filter((p) => order(p, { name: after[0], policyId: after[1] }) > 0);
    const items = rest.slice(0, limit);
    return { items, nextCursor: rest.length > limit ? cursorOf(items[items.length - 1]) : null };
  }
}
