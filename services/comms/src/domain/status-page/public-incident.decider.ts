import { Static, Type } from '@sinclair/typebox';
import { CommandContext, Decider, metadataOf } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Priority, Uuid } from '@linchpin/contracts';

/**
 * What the public status page needs to know of an incident, as comms heard it from triage (the service and the
 * priority) and coordination (the lifecycle). One kind per source event the page follows. Triage's fact also keeps the
 * incident's title, for the update templates' `{{title}}` only: the page never shows it (it comes from alerts and may
 * name hosts or customers). It is optional: facts recorded before it was kept have none, and fold as they did.
 */
export const PublicIncidentFact = Type.Union([
  Type.Object({ kind: Type.Literal('triaged'), service: Type.Union([Type.String(), Type.Null()]), priority: Priority, title: Type.Optional(Type.String()) }),
  Type.Object({ kind: Type.Literal('reprioritised'), priority: Priority }),
  Type.Object({ kind: Type.Literal('mitigated') }),
  Type.Object({ kind: Type.Literal('resolved') }),
  Type.Object({ kind: Type.Literal('reopened') }),
  Type.Object({ kind: Type.Literal('merged'), into: Uuid }),
  Type.Object({ kind: Type.Literal('unmerged') }),
]);
export type PublicIncidentFact = Static<typeof PublicIncidentFact>;

export const FactSource = Type.Union([Type.Literal('triage'), Type.Literal('coordination')]);
export type FactSource = Static<typeof FactSource>;

/**
 * Internal (issue 15, the status page): a fact about an incident comms heard from `source`'s event `heardFrom`
 * (revision `sourceRevision` of that service's stream of the incident). Kept in comms' private
 * `publicIncident-<incidentId>` because neither bus replays what it delivered: the page survives a restart.
 * `metadata.occurredAt` is the source event's time.
 */
export const PublicIncidentNoted = defineEvent(
  'PublicIncidentNoted',
  1,
  Type.Object({
    incidentId: Uuid,
    source: FactSource,
    sourceRevision: Type.Integer({ minimum: 0 }),
    heardFrom: Type.String(),
    fact: PublicIncidentFact,
  }),
);
export type PublicIncidentNotedEvent = EventOf<typeof PublicIncidentNoted>;

export interface NotePublicIncidentFact {
  type: 'NotePublicIncidentFact';
  /** Derived from the source event, so a redelivery records nothing twice. */
  eventId: string;
  incidentId: string;
  source: FactSource;
  sourceRevision: number;
  heardFrom: string;
  fact: PublicIncidentFact;
  context: CommandContext;
}

/** Where the incident stands for the public: open, mitigated (impact stopped), resolved, or merged into another. */
export type PublicPhase = 'open' | 'mitigated' | 'resolved' | 'merged';

export interface PublicIncidentState {
  /** Null until triage's decision arrived: without it the page does not know the service or the priority. */
  service: string | null;
  priority: Static<typeof Priority> | null;
  /** Triage's title, for update templates (`{{title}}`), never shown on the page; null until triaged, or when triaged before comms kept it. */
  title: string | null;
  triaged: boolean;
  phase: PublicPhase;
  /** When the earliest fact was decided at its source (the incident's start as the page shows it). */
  openedAt: string | null;
  /** When coordination resolved it (the last resolution; a reopen clears it). */
  resolvedAt: string | null;
  /** The latest fact's time: the page's "last updated" for the incident. */
  updatedAt: string | null;
  /** The last revision applied from each source: an older event arriving late (or again) changes nothing. */
  revisions: Record<FactSource, number>;
}

export const initialPublicIncident: PublicIncidentState = {
  service: null,
  priority: null,
  title: null,
  triaged: false,
  phase: 'open',
  openedAt: null,
  resolvedAt: null,
  updatedAt: null,
  revisions: { triage: -1, coordination: -1 },
};

const earliest = (a: string | null, b: string): string => (a && a < b ? a : b);
const latest = (a: string | null, b: string): string => (a && a > b ? a : b);

/** One fact applied; `at` is when its source decided it. Pure, shared by the decider and the page's projection. */
export function applyPublicFact(state: PublicIncidentState, data: PublicIncidentNotedEvent['data'], at: string): PublicIncidentState {
  const next: PublicIncidentState = {
    ...state,
    openedAt: earliest(state.openedAt, at),
    updatedAt: latest(state.updatedAt, at),
    revisions: { ...state.revisions, [data.source]: Math.max(state.revisions[data.source], data.sourceRevision) },
  };
  const { fact } = data;
  switch (fact.kind) {
    case 'triaged':
      return { ...next, triaged: true, service: fact.service, priority: fact.priority, title: fact.title ?? state.title };
    case 'reprioritised':
      return { ...next, priority: fact.priority };
    case 'mitigated':
      // Mitigation after a resolution (events from one source arrive in order) cannot happen; keep a resolution.
      return state.phase === 'open' ? { ...next, phase: 'mitigated' } : next;
    case 'resolved':
      return { ...next, phase: 'resolved', resolvedAt: at };
    case 'reopened':
      return { ...next, phase: 'open', resolvedAt: null };
    case 'merged':
      return { ...next, phase: 'merged' };
    case 'unmerged':
      // Back on its own, as it stood before the merge; resolved incidents are not merged, so open is what it was.
      return { ...next, phase: 'open' };
  }
}

export const publicIncidentDecider: Decider<NotePublicIncidentFact, PublicIncidentState, PublicIncidentNotedEvent> = {
  initialState: initialPublicIncident,
  evolve: (state, event) => (PublicIncidentNoted.is(event) ? applyPublicFact(state, event.data, event.metadata.occurredAt) : state),
  decide(command, state) {
    if (command.sourceRevision <= state.revisions[command.source]) return [];
    const { incidentId, source, sourceRevision, heardFrom, fact } = command;
    return [PublicIncidentNoted.create(command.eventId, { incidentId, source, sourceRevision, heardFrom, fact }, metadataOf(command.context, incidentId))];
  },
};
