import { Type } from '@sinclair/typebox';
import { CommandContext, Decider, configurationMetadata } from '@linchpin/eventsourcing';
import { defineEvent, EventOf } from '@linchpin/contracts';

/**
 * Internal (stream `commsContact-<personId>`, never relayed): how comms reaches a person, as it
 * learned from coordination's PersonRegistered / PersonUpdated / PersonRetired. Comms keeps it
 * because neither bus replays what it delivered. Every method ever seen is kept (with its latest
 * address): a page decided before a method was removed is still delivered where it was meant to go.
 */
export const ContactsKnownToComms = defineEvent(
  'ContactsKnownToComms',
  1,
  Type.Object({
    personId: Type.String(),
    name: Type.String(),
    retired: Type.Boolean(),
    /** Revision of the coordination event in its `person-` stream: an older one arriving late changes nothing. */
    sourceRevision: Type.Integer({ minimum: 0 }),
    contactMethods: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), address: Type.String() })),
  }),
);
export type ContactsKnownToCommsEvent = EventOf<typeof ContactsKnownToComms>;

export type ChannelKind = 'webhook' | 'slack' | 'teams' | 'email';
export interface KnownContact {
  kind: ChannelKind;
  address: string;
}

export interface RecordContacts {
  type: 'RecordContacts';
  /** Derived from coordination's event: a redelivery records nothing twice. */
  eventId: string;
  personId: string;
  name: string;
  retired: boolean;
  sourceRevision: number;
  /** Absent for a retirement: the methods stay as they were. */
  contactMethods?: { id: string; kind: string; address: string }[];
  context: CommandContext;
}

export interface ContactState {
  known: boolean;
  name?: string;
  retired: boolean;
  sourceRevision: number;
  methods: Readonly<Record<string, KnownContact>>;
}

export const contactDecider: Decider<RecordContacts, ContactState, ContactsKnownToCommsEvent> = {
  initialState: { known: false, retired: false, sourceRevision: -1, methods: {} },
  evolve: (state, event) => ({
    known: true,
    name: event.data.name,
    retired: event.data.retired,
    sourceRevision: event.data.sourceRevision,
    methods: { ...state.methods, ...Object.fromEntries(event.data.contactMethods.map((c) => [c.id, { kind: c.kind as ChannelKind, address: c.address }])) },
  }),
  decide(command, state) {
    if (state.known && command.sourceRevision <= state.sourceRevision) return [];
    const contactMethods = command.contactMethods ?? Object.entries(state.methods).map(([id, c]) => ({ id, ...c }));
    return [
      ContactsKnownToComms.create(
        command.eventId,
        { personId: command.personId, name: command.name, retired: command.retired || state.retired, sourceRevision: command.sourceRevision, contactMethods },
        configurationMetadata(command.context),
      ),
    ];
  },
};

export const contactOf = (state: ContactState, contactMethodId: string): KnownContact | undefined => state.methods[contactMethodId];
