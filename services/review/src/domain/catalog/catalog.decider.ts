import { Static, Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, ServiceBusinessHours } from '@linchpin/contracts';

/**
 * What review keeps of a catalogued service (issue 16, item 8), as it heard it from triage's published catalog
 * (`ServiceRegistered`, `ServiceUpdated`, `ServiceRetired`): only what analytics needs, the owning team, the business
 * hours (out-of-hours pages) and the dependencies. Kept in review's private `reviewService-<name>` because neither bus
 * replays what it delivered: every read model rebuilds from review's own store.
 */
export const ReviewServiceFact = Type.Union([
  Type.Object({
    kind: Type.Literal('listed'),
    owningTeam: Type.String({ minLength: 1 }),
    /** Null: the catalog names none (README "Analytics" says how such a page counts). */
    businessHours: Type.Union([ServiceBusinessHours, Type.Null()]),
    dependsOn: Type.Array(Type.String()),
  }),
  Type.Object({ kind: Type.Literal('retired') }),
]);
export type ReviewServiceFact = Static<typeof ReviewServiceFact>;

/** Internal: a fact about service `name` from triage's event `heardFrom` (revision `sourceRevision` of its `service-<name>`). */
export const ReviewServiceNoted = defineEvent(
  'ReviewServiceNoted',
  1,
  Type.Object({ name: Type.String({ minLength: 1 }), sourceRevision: Type.Integer({ minimum: 0 }), heardFrom: Type.String(), fact: ReviewServiceFact }),
);
export type ReviewServiceNotedEvent = EventOf<typeof ReviewServiceNoted>;

export interface NoteReviewServiceFact {
  type: 'NoteReviewServiceFact';
  /** Derived from triage's event, so a redelivery records nothing twice. */
  eventId: string;
  name: string;
  sourceRevision: number;
  heardFrom: string;
  fact: ReviewServiceFact;
  context: CommandContext;
}

/** The last revision of triage's stream recorded: an older event arriving late (or again) records nothing. */
export interface ReviewServiceState {
  revision: number;
}

export const reviewServiceDecider: Decider<NoteReviewServiceFact, ReviewServiceState, ReviewServiceNotedEvent> = {
  initialState: { revision: -1 },
  evolve: (state, event) => (ReviewServiceNoted.is(event) ? { revision: Math.max(state.revision, event.data.sourceRevision) } : state),
  decide(command, state) {
    if (command.sourceRevision <= state.revision) return [];
    const { name, sourceRevision, heardFrom, fact } = command;
    return [ReviewServiceNoted.create(command.eventId, { name, sourceRevision, heardFrom, fact }, configurationMetadata(command.context))];
  },
};
