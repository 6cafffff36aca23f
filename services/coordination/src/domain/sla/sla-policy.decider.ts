import { assertNever, CommandContext, configurationMetadata, Decider, DomainError } from '@linchpin/eventsourcing';
import { SlaTargetsVersionedEvent, SlaTargetsVersionedV1 } from '@linchpin/contracts';
import { BUILT_IN_SLA_TARGETS, canonicalTargets, refuseInvalidTargets, SLA_POLICY_ID, SlaTargetTable } from './sla-targets';

/** One version of the SLA targets, as every reader sees it. */
export interface SlaPolicyVersion {
  policyId: string;
  version: number;
  targets: SlaTargetTable;
  reason: string | null;
  /** When it was published; null for the built-in version 1 (in force since always). */
  versionedAt: string | null;
  versionedBy: string | null;
}

export const BUILT_IN_SLA_POLICY: SlaPolicyVersion = {
  policyId: SLA_POLICY_ID,
  version: 1,
  targets: BUILT_IN_SLA_TARGETS,
  reason: null,
  versionedAt: null,
  versionedBy: null,
};

/** Publish a new table as the next version of the SLA targets. */
export interface VersionSlaTargets {
  type: 'VersionSlaTargets';
  eventId: string;
  targets: SlaTargetTable;
  reason?: string;
  /** The version the caller edited: refused when another has been published since. */
  basedOnVersion?: number;
  context: CommandContext;
}

/** Every version, oldest first (the built-in one first): an incident starts under the one in force at its opening. */
export type SlaPolicyState = { status: 'built-in' | 'versioned'; versions: readonly SlaPolicyVersion[] };

export const currentSlaPolicy = (state: SlaPolicyState): SlaPolicyVersion => state.versions[state.versions.length - 1];

/** The version in force at `at`: the last one published at or before it (the built-in one before any). */
export function slaPolicyAt(state: SlaPolicyState, at: string): SlaPolicyVersion {
  const instant = Date.parse(at);
  let inForce = state.versions[0];
  for (const version of state.versions) {
    if (version.versionedAt === null || Date.parse(version.versionedAt) <= instant) inForce = version;
  }
  return inForce;
}

export const slaPolicyDecider: Decider<VersionSlaTargets, SlaPolicyState, SlaTargetsVersionedEvent> = {
  initialState: { status: 'built-in', versions: [BUILT_IN_SLA_POLICY] },
  evolve: (state, event) => ({
    status: 'versioned',
    versions: [
      ...state.versions,
      {
        policyId: event.data.policyId,
        version: event.data.version,
        targets: event.data.targets,
        reason: event.data.reason ?? null,
        versionedAt: event.metadata.occurredAt,
        versionedBy: event.metadata.actor,
      },
    ],
  }),
  decide(command, state) {
    switch (state.status) {
      case 'built-in':
      case 'versioned': {
        refuseInvalidTargets(command.targets);
        const current = currentSlaPolicy(state);
        if (command.basedOnVersion !== undefined && command.basedOnVersion !== current.version) {
          throw new DomainError(
            'sla_targets_stale',
            `the SLA targets were edited from version ${command.basedOnVersion}, but version ${current.version} has been published since`,
            'basedOnVersion',
          );
        }
        const targets = canonicalTargets(command.targets);
        // The same targets again are not a new version: every incident would name a new version for nothing.
        if (JSON.stringify(targets) === JSON.stringify(canonicalTargets(current.targets))) return [];
        const reason = command.reason?.trim() ? { reason: command.reason.trim() } : {};
        return [
          SlaTargetsVersionedV1.create(
            command.eventId,
            { policyId: current.policyId, version: current.version + 1, targets, ...reason },
            configurationMetadata(command.context),
          ),
        ];
      }
      default:
        return assertNever(state.status);
    }
  },
};
