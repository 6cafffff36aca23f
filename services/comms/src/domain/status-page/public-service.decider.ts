import { Static, Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf } from '@linchpin/contracts';

/**
 * What the public status page knows of a catalogued service (issue 15), as comms heard it from triage's published
 * service catalog (`ServiceRegistered`, `ServiceUpdated`, `ServiceRetired`): listed under its display name, or
 * retired. Only what the page shows is kept: the owning team, tier, escalation policy and dependencies are not public.
 */
export const PublicServiceFact = Type.Union([
  /** Registered or updated: on the page, under `displayName` when it has one (null: its name). */
  Type.Object({ kind: Type.Literal('listed'), displayName: Type.Union([Type.String({ minLength: 1 }), Type.Null()]) }),
  /** Retired: off the page, unless an open incident still names it. */
  Type.Object({ kind: Type.Literal('retired') }),
]);
export type PublicServiceFact = Static<typeof PublicServiceFact>;

/**
 * Internal (issue 15, the status page): a fact about service `name` heard from triage's event `heardFrom` (revision
 * `sourceRevision` of triage's `service-<name>`), kept in comms' private `publicService-<name>` because neither bus
 * replays what it delivered. `metadata.occurredAt` is triage's time.
 */
export const PublicServiceNoted = defineEvent(
  'PublicServiceNoted',
  1,
  Type.Object({ name: Type.String({ minLength: 1 }), sourceRevision: Type.Integer({ minimum: 0 }), heardFrom: Type.String(), fact: PublicServiceFact }),
);
export type PublicServiceNotedEvent = EventOf<typeof PublicServiceNoted>;

export interface NotePublicServiceFact {
  type: 'NotePublicServiceFact';
  /** Derived from triage's event, so a redelivery records nothing twice. */
  eventId: string;
  name: string;
  sourceRevision: number;
  heardFrom: string;
  fact: PublicServiceFact;
  context: CommandContext;
}

export interface PublicServiceState {
  listed: boolean;
  displayName: string | null;
  /** The last revision of triage's stream applied: an older event arriving late (or again) changes nothing. */
  revision: number;
}

export const initialPublicService: PublicServiceState = { listed: false, displayName: null, revision: -1 };

/** One fact applied. Pure, shared by the decider and the page's projection. */
export function applyServiceFact(state: PublicServiceState, data: PublicServiceNotedEvent['data']): PublicServiceState {
  const revision = Math.max(state.revision, data.sourceRevision);
  return data.fact.kind === 'listed' ? { listed: true, displayName: data.fact.displayName, revision } : { listed: false, displayName: null, revision };
}

export const publicServiceDecider: Decider<NotePublicServiceFact, PublicServiceState, PublicServiceNotedEvent> = {
  initialState: initialPublicService,
  evolve: (state, event) => (PublicServiceNoted.is(event) ? applyServiceFact(state, event.data) : state),
  decide(command, state) {
    if (command.sourceRevision <= state.revision) return [];
    const { name, sourceRevision, heardFrom, fact } = command;
    return [PublicServiceNoted.create(command.eventId, { name, sourceRevision, heardFrom, fact }, configurationMetadata(command.context))];
  },
};
