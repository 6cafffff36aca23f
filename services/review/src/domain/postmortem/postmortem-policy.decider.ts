import { assertNever, CommandContext, configurationMetadata, Decider, EventEnvelope } from '@linchpin/eventsourcing';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type PriorityName = (typeof PRIORITIES)[number];

/**
 * Built in, version 1: an incident resolved at P1 or P2 gets a postmortem (incident.io's and FireHydrant's usual
 * default: the major incidents require one, the rest on demand).
 */
export const DEFAULT_POSTMORTEM_POLICY = { version: 1, requiredFor: ['P1', 'P2'] as PriorityName[] };

/** Private (stream `postmortemPolicy-default`, never relayed): the priorities that require a postmortem from now on. */
export const POSTMORTEM_POLICY_CHANGED = 'PostmortemPolicyChanged';
export type PostmortemPolicyChangedEvent = EventEnvelope<typeof POSTMORTEM_POLICY_CHANGED, { version: number; requiredFor: PriorityName[] }>;

export interface SetPostmortemPolicy {
  type: 'SetPostmortemPolicy';
  eventId: string;
  requiredFor: PriorityName[];
  context: CommandContext;
}

export interface PostmortemPolicyState {
  version: number;
  requiredFor: PriorityName[];
  changedAt: string | null;
  changedBy: string | null;
}

/** A priority's name as the contracts take it, or null for anything else (unknown). */
export const priorityNameOf = (value: string | null): PriorityName | null => ((PRIORITIES as readonly string[]).includes(value ?? '') ? (value as PriorityName) : null);

const inOrder = (priorities: readonly PriorityName[]): PriorityName[] => PRIORITIES.filter((p) => priorities.includes(p));

/** Whether an incident resolved at `priority` (null: review never heard it) requires a postmortem under `policy`. */
export const requiresPostmortem = (policy: Pick<PostmortemPolicyState, 'requiredFor'>, priority: string | null): boolean =>
  priority !== null && (policy.requiredFor as string[]).includes(priority);

export const postmortemPolicyDecider: Decider<SetPostmortemPolicy, PostmortemPolicyState, PostmortemPolicyChangedEvent> = {
  initialState: { ...DEFAULT_POSTMORTEM_POLICY, changedAt: null, changedBy: null },
  evolve: (_state, event) => ({ version: event.data.version, requiredFor: event.data.requiredFor, changedAt: event.metadata.occurredAt, changedBy: event.metadata.actor }),
  decide(command, state) {
    switch (command.type) {
      case 'SetPostmortemPolicy': {
        const requiredFor = inOrder(command.requiredFor);
        // The same policy again is no new version: a retried PUT changes nothing.
        if (requiredFor.join() === state.requiredFor.join()) return [];
        return [{ id: command.eventId, type: POSTMORTEM_POLICY_CHANGED, schemaVersion: 1, data: { version: state.version + 1, requiredFor }, metadata: configurationMetadata(command.context) }];
      }
      default:
        return assertNever(command.type);
    }
  },
};
