import { Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { ChangeLink, defineEvent, EventOf } from '@linchpin/contracts';

/**
 * Internal (issue 16, item 9): a change to a service (detection's `ChangeRecorded`, at its newest version), copied
 * into review's private `reviewChanges-<service>`, one stream per service it names, because review must rebuild from
 * its own store (in the distributed mode it reads no other service's, and the bus keeps messages only so long).
 * `metadata.occurredAt` is detection's event time; `recordedAt` detection's record time, what `?at=` knows by.
 */
export const ReviewChangeNoted = defineEvent(
  'ReviewChangeNoted',
  1,
  Type.Object({
    changeId: Type.String({ minLength: 1 }),
    /** The detection event it copies. */
    sourceEventId: Type.String({ minLength: 1 }),
    /** When detection recorded it. */
    recordedAt: Type.String(),
    /** Who reported it, as detection recorded it (`integration:<id>`, or the sender's token). */
    actor: Type.String(),
    /** Every service the change names (this stream's among them). */
    services: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    integrationId: Type.Union([Type.String(), Type.Null()]),
    summary: Type.String(),
    timestamp: Type.Union([Type.String(), Type.Null()]),
    receivedAt: Type.String(),
    source: Type.Union([Type.String(), Type.Null()]),
    customDetails: Type.Union([Type.String(), Type.Null()]),
    customDetailsTruncated: Type.Boolean(),
    links: Type.Array(ChangeLink),
  }),
);
export type ReviewChangeNotedEvent = EventOf<typeof ReviewChangeNoted>;

/** A change as review keeps it. */
export type KnownChange = ReviewChangeNotedEvent['data'];

/** When a change happened: the sender's timestamp, else when detection received it (as detection orders them). */
export const happenedAt = (change: Pick<KnownChange, 'timestamp' | 'receivedAt'>): string => change.timestamp ?? change.receivedAt;

export interface NoteChange {
  type: 'NoteChange';
  /** Derived from the source event and the service, so a redelivery records nothing twice. */
  eventId: string;
  service: string;
  change: KnownChange;
  context: CommandContext;
}

/** The change ids a stream holds, newest first, each link shared with the states before it (linear replay). */
interface Seen {
  readonly changeId: string;
  readonly before: Seen | null;
}

export interface ServiceChangesState {
  readonly seen: Seen | null;
}

const holds = ({ seen }: ServiceChangesState, changeId: string): boolean => {
  for (let link = seen; link; link = link.before) if (link.changeId === changeId) return true;
  return false;
};

/** A service's changes, each once (a change redelivered, or re-sent by a sender's retry with its Idempotency-Key, adds nothing). */
export const serviceChangesDecider: Decider<NoteChange, ServiceChangesState, ReviewChangeNotedEvent> = {
  initialState: { seen: null },
  evolve: (state, event) => ({ seen: { changeId: event.data.changeId, before: state.seen } }),
  decide: (command, state) =>
    holds(state, command.change.changeId) ? [] : [ReviewChangeNoted.create(command.eventId, command.change, configurationMetadata(command.context))],
};
