import { assertNever, CommandContext, configurationMetadata, Decider, DomainError, EventEnvelope } from '@linchpin/eventsourcing';
import { BUILT_IN_CADENCE, CADENCE_POLICY_ID, CadenceTable, canonicalCadence, validateCadence } from './update-cadence';

/**
 * Private to comms (stream `commsCadence-default`, not relayed): a new version of the update cadence.
 * Version 1 is built in and never stored. Incidents opened from then on run under it; an open incident
 * keeps the version it opened under (a change of priority reads that version's cadence).
 */
export const UPDATE_CADENCE_VERSIONED = 'UpdateCadenceVersioned';
export interface UpdateCadenceVersionedData {
  policyId: string;
  version: number;
  cadence: CadenceTable;
  reason?: string;
}
export type UpdateCadenceVersionedEvent = EventEnvelope<typeof UPDATE_CADENCE_VERSIONED, UpdateCadenceVersionedData>;

export interface CadenceVersion {
  policyId: string;
  version: number;
  cadence: CadenceTable;
  reason: string | null;
  /** Null for the built-in version 1 (in force since always). */
  versionedAt: string | null;
  versionedBy: string | null;
}

export const BUILT_IN_CADENCE_VERSION: CadenceVersion = {
  policyId: CADENCE_POLICY_ID,
  version: 1,
  cadence: BUILT_IN_CADENCE,
  reason: null,
  versionedAt: null,
  versionedBy: null,
};

/** Publish a new table as the next version. */
export interface VersionUpdateCadence {
  type: 'VersionUpdateCadence';
  eventId: string;
  cadence: CadenceTable;
  reason?: string;
  /** The version the caller edited: refused when another has been published since. */
  basedOnVersion?: number;
  context: CommandContext;
}

/** Every version, oldest first, the built-in one first. */
export interface CadencePolicyState {
  versions: readonly CadenceVersion[];
}

export const currentCadence = (state: CadencePolicyState): CadenceVersion => state.versions[state.versions.length - 1];

/** The version in force at `at`: the last one published at or before it. */
export function cadenceAt(state: CadencePolicyState, at: string): CadenceVersion {
  const instant = Date.parse(at);
  let inForce = state.versions[0];
  for (const version of state.versions) {
    if (version.versionedAt === null || Date.parse(version.versionedAt) <= instant) inForce = version;
  }
  return inForce;
}

/** A version by number (the built-in one for an unknown number: it cannot be, but an incident needs a cadence). */
export const cadenceVersion = (state: CadencePolicyState, version: number): CadenceVersion =>
  state.versions.find((v) => v.version === version) ?? state.versions[0];

export const cadencePolicyDecider: Decider<VersionUpdateCadence, CadencePolicyState, UpdateCadenceVersionedEvent> = {
  initialState: { versions: [BUILT_IN_CADENCE_VERSION] },
  evolve: (state, event) => ({
    versions: [
      ...state.versions,
      {
        policyId: event.data.policyId,
        version: event.data.version,
        cadence: event.data.cadence,
        reason: event.data.reason ?? null,
        versionedAt: event.metadata.occurredAt,
        versionedBy: event.metadata.actor,
      },
    ],
  }),
  decide(command, state) {
    switch (command.type) {
      case 'VersionUpdateCadence': {
        const errors = validateCadence(command.cadence);
        if (errors.length > 0) throw new DomainError('invalid_cadence', `${errors[0].field} ${errors[0].reason}`, errors[0].field);
        const current = currentCadence(state);
        if (command.basedOnVersion !== undefined && command.basedOnVersion !== current.version) {
          throw new DomainError(
            'update_cadence_stale',
            `the update cadence was edited from version ${command.basedOnVersion}, but version ${current.version} has been published since`,
            'basedOnVersion',
          );
        }
        const cadence = canonicalCadence(command.cadence);
        // The same table again is not a new version.
        if (JSON.stringify(cadence) === JSON.stringify(canonicalCadence(current.cadence))) return [];
        const reason = command.reason?.trim() ? { reason: command.reason.trim() } : {};
        return [
          {
            id: command.eventId,
            type: UPDATE_CADENCE_VERSIONED,
            schemaVersion: 1,
            data: { policyId: current.policyId, version: current.version + 1, cadence, ...reason },
            metadata: configurationMetadata(command.context),
          },
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
};
