import { Static, Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, IsoTime, Labels, Uuid } from '@linchpin/contracts';

/**
 * What the public status page knows of a maintenance window (issue 15), as comms heard it from detection's published
 * `MaintenanceWindowScheduled` and `MaintenanceWindowCancelled`: when it runs and its scope (the services and labels
 * alerts must carry to match it), from which the page derives the components it covers (`maintenance-coverage.ts`).
 * The operator's name for the window is not kept: it is internal wording, and the page names windows itself.
 */
export const PublicMaintenanceFact = Type.Union([
  Type.Object({ kind: Type.Literal('scheduled'), startsAt: IsoTime, endsAt: IsoTime, services: Type.Array(Type.String()), labels: Labels }),
  Type.Object({ kind: Type.Literal('cancelled') }),
]);
export type PublicMaintenanceFact = Static<typeof PublicMaintenanceFact>;

/**
 * Internal (issue 15, the status page): a fact about window `windowId` heard from detection's event `heardFrom`
 * (revision `sourceRevision` of detection's `maintenance-<windowId>`), kept in comms' private
 * `publicMaintenance-<windowId>`. `metadata.occurredAt` is detection's time.
 */
export const PublicMaintenanceNoted = defineEvent(
  'PublicMaintenanceNoted',
  1,
  Type.Object({ windowId: Uuid, sourceRevision: Type.Integer({ minimum: 0 }), heardFrom: Type.String(), fact: PublicMaintenanceFact }),
);
export type PublicMaintenanceNotedEvent = EventOf<typeof PublicMaintenanceNoted>;

export interface NotePublicMaintenanceFact {
  type: 'NotePublicMaintenanceFact';
  /** Derived from detection's event, so a redelivery records nothing twice. */
  eventId: string;
  windowId: string;
  sourceRevision: number;
  heardFrom: string;
  fact: PublicMaintenanceFact;
  context: CommandContext;
}

export interface PublicMaintenanceWindow {
  windowId: string;
  startsAt: string;
  endsAt: string;
  services: string[];
  labels: Record<string, string>;
  cancelled: boolean;
}

export interface PublicMaintenanceState {
  /** Null until its scheduling arrived (a cancellation alone shows nothing). */
  window: PublicMaintenanceWindow | null;
  cancelled: boolean;
  revision: number;
}

export const initialPublicMaintenance: PublicMaintenanceState = { window: null, cancelled: false, revision: -1 };

/** One fact applied. Pure, shared by the decider and the page's projection. */
export function applyMaintenanceFact(state: PublicMaintenanceState, data: PublicMaintenanceNotedEvent['data']): PublicMaintenanceState {
  const revision = Math.max(state.revision, data.sourceRevision);
  const { fact } = data;
  if (fact.kind === 'cancelled') return { window: state.window && { ...state.window, cancelled: true }, cancelled: true, revision };
  const { kind: _k, ...scope } = fact;
  return { window: { windowId: data.windowId, ...scope, cancelled: state.cancelled }, cancelled: state.cancelled, revision };
}

export const publicMaintenanceDecider: Decider<NotePublicMaintenanceFact, PublicMaintenanceState, PublicMaintenanceNotedEvent> = {
  initialState: initialPublicMaintenance,
  evolve: (state, event) => (PublicMaintenanceNoted.is(event) ? applyMaintenanceFact(state, event.data) : state),
  decide(command, state) {
    if (command.sourceRevision <= state.revision) return [];
    const { windowId, sourceRevision, heardFrom, fact } = command;
    return [PublicMaintenanceNoted.create(command.eventId, { windowId, sourceRevision, heardFrom, fact }, configurationMetadata(command.context))];
  },
};
