import { Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf } from '@linchpin/contracts';

/**
 * Internal (issue 16): triage's service catalog (`ServiceRegistered`, `ServiceUpdated`, `ServiceRetired`) copied into
 * review's private `reviewCatalog-<name>`, so that review rebuilds from its own store. `definition` is the published
 * definition as triage sent it (dependencies, owning team, tier, business hours…), null once retired; readers take
 * what they need (the changes take `dependsOn`). `occurredAt`/`recordedAt` are triage's.
 */
export const ReviewCatalogNoted = defineEvent(
  'ReviewCatalogNoted',
  1,
  Type.Object({
    name: Type.String({ minLength: 1 }),
    sourceEventId: Type.String({ minLength: 1 }),
    /** The revision of triage's `service-<name>`: an older one arriving late changes nothing. */
    sourceRevision: Type.Integer({ minimum: 0 }),
    heardFrom: Type.String(),
    occurredAt: Type.String(),
    recordedAt: Type.String(),
    definition: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  }),
);
export type ReviewCatalogNotedEvent = EventOf<typeof ReviewCatalogNoted>;
export type CatalogRecord = ReviewCatalogNotedEvent['data'];

export interface NoteCatalog {
  type: 'NoteCatalog';
  eventId: string;
  record: CatalogRecord;
  context: CommandContext;
}

export interface CatalogCopyState {
  /** The last revision of triage's stream copied. */
  readonly revision: number;
}

export const catalogCopyDecider: Decider<NoteCatalog, CatalogCopyState, ReviewCatalogNotedEvent> = {
  initialState: { revision: -1 },
  evolve: (state, event) => ({ revision: Math.max(state.revision, event.data.sourceRevision) }),
  decide: (command, state) =>
    command.record.sourceRevision <= state.revision ? [] : [ReviewCatalogNoted.create(command.eventId, command.record, configurationMetadata(command.context))],
};

/** A service's dependencies as a catalog record says them; null when retired or unreadable. */
export const dependsOnOf = (record: CatalogRecord): string[] | null => {
  const deps = record.definition?.dependsOn;
  return Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : null;
};
