import { Type } from '@sinclair/typebox';
import { assertNever, CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf } from '@linchpin/contracts';

/*
 * Per-service correlation: alerts of the service with the same values of `groupBy` labels, within
 * `windowSeconds` of the group's last alert, join one incident. Every change is a new version, and
 * each grouping names the version that made it. Internal: stream `correlationPolicy-<service>`.
 */

export const CorrelationPolicySet = defineEvent(
  'CorrelationPolicySet',
  1,
  Type.Object({
    service: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 1 }),
    enabled: Type.Boolean(),
    groupBy: Type.Array(Type.String({ minLength: 1 })),
    windowSeconds: Type.Integer({ minimum: 1 }),
  }),
);
export type CorrelationPolicySetEvent = EventOf<typeof CorrelationPolicySet>;
export type CorrelationPolicy = CorrelationPolicySetEvent['data'];

export interface SetCorrelationPolicy {
  type: 'SetCorrelationPolicy';
  eventId: string;
  service: string;
  enabled: boolean;
  groupBy: string[];
  windowSeconds: number;
  context: CommandContext;
}

export type CorrelationPolicyState = { status: 'none' } | { status: 'set'; policy: CorrelationPolicy };

export const correlationPolicyDecider: Decider<SetCorrelationPolicy, CorrelationPolicyState, CorrelationPolicySetEvent> = {
  initialState: { status: 'none' },
  evolve: (_state, event) => ({ status: 'set', policy: event.data }),
  decide(command, state) {
    switch (state.status) {
      case 'none':
      case 'set': {
        const previous = state.status === 'set' ? state.policy : undefined;
        const next = { service: command.service, enabled: command.enabled, groupBy: [...command.groupBy].sort(), windowSeconds: command.windowSeconds };
        // The same policy again is not a new version.
        const same =
          previous !== undefined &&
          previous.enabled === next.enabled &&
          previous.windowSeconds === next.windowSeconds &&
          previous.groupBy.join('\n') === next.groupBy.join('\n');
        if (same) return [];
        return [
          CorrelationPolicySet.create(
            command.eventId,
            { ...next, version: (previous?.version ?? 0) + 1 },
            configurationMetadata(command.context),
          ),
        ];
      }
      default:
        return assertNever(state);
    }
  },
};
