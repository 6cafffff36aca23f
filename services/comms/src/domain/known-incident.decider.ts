import { Type } from '@sinclair/typebox';
import { CommandContext, Decider, metadataOf, NotFoundError } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Uuid } from '@linchpin/contracts';
import { IncidentTeam, TeamHeard, teamAfter } from './incident-team';

/** Internal: comms first heard of the incident from coordination's event `heardFrom`. */
export const IncidentKnownToComms = defineEvent('IncidentKnownToComms', 1, Type.Object({ incidentId: Uuid, heardFrom: Type.String() }));
export type IncidentKnownToCommsEvent = EventOf<typeof IncidentKnownToComms>;

/**
 * Internal (issue 14, team scoping): the incident's team as coordination now holds it, learned from
 * coordination's event `heardFrom` (its first page or `IncidentUnrouted` named it, a reassignment to a
 * team moved it). `teamId` is null when coordination named the team only (an unrouted incident): its
 * id is then the one the name gives. `sourceRevision` is that event's revision in coordination's
 * `response-<incidentId>`: an older event arriving late changes nothing.
 */
export const IncidentTeamKnownToComms = defineEvent(
  'IncidentTeamKnownToComms',
  1,
  Type.Object({
    incidentId: Uuid,
    team: Type.String(),
    teamId: Type.Union([Uuid, Type.Null()]),
    heardFrom: Type.String(),
    sourceRevision: Type.Integer({ minimum: 0 }),
  }),
);
export type IncidentTeamKnownToCommsEvent = EventOf<typeof IncidentTeamKnownToComms>;

export type KnownIncidentEvent = IncidentKnownToCommsEvent | IncidentTeamKnownToCommsEvent;

export interface RecordKnownIncident {
  type: 'RecordKnownIncident';
  /** Derived from the coordination event, so a redelivery records nothing twice. */
  eventId: string;
  incidentId: string;
  heardFrom: string;
  /** What the coordination event says of the incident's team, when it says anything. */
  team?: TeamHeard;
  context: CommandContext;
}

export interface KnownIncidentState {
  known: boolean;
  /** The incident's team as coordination holds it; null until coordination's page or `IncidentUnrouted` arrived. */
  team: IncidentTeam | null;
  /** The revision, in coordination's response stream, of the event the team was last learned from. */
  teamRevision: number;
}

export const knownIncidentDecider: Decider<RecordKnownIncident, KnownIncidentState, KnownIncidentEvent> = {
  initialState: { known: false, team: null, teamRevision: -1 },
  evolve: (state, event) => {
    if (!IncidentTeamKnownToComms.is(event)) return { ...state, known: true };
    const { team, teamId, sourceRevision } = event.data;
    return { known: true, team: { name: team, id: teamId }, teamRevision: sourceRevision };
  },
  decide(command, state) {
    const metadata = metadataOf(command.context, command.incidentId);
    const { incidentId, heardFrom } = command;
    const known = state.known ? [] : [IncidentKnownToComms.create(command.eventId, { incidentId, heardFrom }, metadata)];
    const heard = command.team;
    const team = heard && heard.sourceRevision > state.teamRevision ? teamAfter(state.team, heard) : undefined;
    if (!heard || !team) return known;
    const data = { incidentId, team: team.name, teamId: team.id, heardFrom, sourceRevision: heard.sourceRevision };
    return [...known, IncidentTeamKnownToComms.create(heard.eventId, data, metadata)];
  },
};

/** A status update for an incident comms has not heard of from coordination: a 404. */
export class IncidentUnknownToComms extends NotFoundError {
  constructor(incidentId: string) {
    super('incident', incidentId);
    this.message = `incident ${incidentId} not found: comms knows an incident once coordination's first event about it has arrived`;
  }
}
