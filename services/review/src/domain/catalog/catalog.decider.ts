import { Static, Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, ServiceBusinessHours } from '@linchpin/contracts';

/**
 * What review keeps of a catalogued service (issue 16, items 8 and 9), as it heard it from triage's published catalog
 * (`ServiceRegistered`, `ServiceUpdated`, `ServiceRetired`): the owning team and business hours (analytics: teams,
 * out-of-hours pages) and the dependencies (the changes shown next to an incident follow them). Tier, display name and
 * escalation policy stay triage's. Kept in review's private `reviewService-<name>` because neither bus replays what it
 * delivered: every read rebuilds from review's own store.
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

/**
 * Internal: one version of service `name`, from triage's event `sourceEventId` (a `heardFrom`, revision `sourceRevision`
 * of its `service-<name>`). Every version is kept, with triage's event time (`occurredAt`: when it was in force from)
 * and record time (`recordedAt`: what `?at=` knows by), so a reader can take the catalog as it stood at any moment.
 */
export const ReviewServiceNoted = defineEvent(
  'ReviewServiceNoted',
  1,
  Type.Object({
    name: Type.String({ minLength: 1 }),
    sourceEventId: Type.String({ minLength: 1 }),
    sourceRevision: Type.Integer({ minimum: 0 }),
    heardFrom: Type.String(),
    occurredAt: Type.String(),
    recordedAt: Type.String(),
    fact: ReviewServiceFact,
  }),
);
export type ReviewServiceNotedEvent = EventOf<typeof ReviewServiceNoted>;
/** A version of a catalogued service as review keeps it. */
export type ServiceVersion = ReviewServiceNotedEvent['data'];

export interface NoteReviewServiceFact {
  type: 'NoteReviewServiceFact';
  /** Derived from triage's event, so a redelivery records nothing twice. */
  eventId: string;
  version: ServiceVersion;
  context: CommandContext;
}

/** The last revision of triage's stream recorded: an older event arriving late (or again) records nothing. */
export interface ReviewServiceState {
  revision: number;
}

export const reviewServiceDecider: Decider<NoteReviewServiceFact, ReviewServiceState, ReviewServiceNotedEvent> = {
  initialState: { revision: -1 },
  evolve: (state, event) => (ReviewServiceNoted.is(event) ? { revision: Math.max(state.revision, event.data.sourceRevision) } : state),
  decide: (command, state) =>
    command.version.sourceRevision <= state.revision ? [] : [ReviewServiceNoted.create(command.eventId, command.version, configurationMetadata(command.context))],
};

/** A version's dependencies; null once retired. */
export const dependsOnOf = (version: ServiceVersion): string[] | null => (version.fact.kind === 'listed' ? version.fact.dependsOn : null);
