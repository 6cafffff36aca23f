import { teamIdOf } from '@linchpin/contracts';

/*
 * Issue 14, team scoping: the team an incident belongs to, as coordination holds it
 * (services/coordination's response state), learned only from its published events.
 */

/** The incident's team: its name, and its id when coordination's event gave one (a page or a reassignment does; `IncidentUnrouted` names the team only). */
export interface IncidentTeam {
  name: string;
  id: string | null;
}

/** What one coordination event says of the incident's team. */
export interface TeamHeard {
  /** `page`: `ResponderPaged`; `unrouted`: `IncidentUnrouted`; `reassignment`: `IncidentReassigned` to a team. */
  via: 'page' | 'unrouted' | 'reassignment';
  name: string;
  id: string | null;
  /** The event's revision in coordination's `response-<incidentId>`. */
  sourceRevision: number;
  /** The id of the event recording it, derived from coordination's event. */
  eventId: string;
}

/**
 * The team after a coordination event, by coordination's own rules, or undefined when it does not
 * change: the first page or `IncidentUnrouted` names it; a later page gives only the id an unrouted
 * incident lacked (a fallback page after exhaustion does not move it); a reassignment to a team moves it.
 */
export function teamAfter(current: IncidentTeam | null, heard: TeamHeard): IncidentTeam | undefined {
  const next = nextTeam(current, heard);
  return next.name === current?.name && next.id === current.id ? undefined : next;
}

function nextTeam(current: IncidentTeam | null, heard: TeamHeard): IncidentTeam {
  const named = { name: heard.name, id: heard.id };
  if (!current || heard.via === 'reassignment') return named;
  return heard.via === 'page' ? { name: current.name, id: current.id ?? heard.id } : current;
}

export { teamIdOf };

/** The incident's team id: the one coordination gave, else the one its name gives. */
export const teamIdFor = (team: IncidentTeam): string => team.id ?? teamIdOf(team.name);

/**
 * Whether a principal's team is the incident's, as coordination matches it: a token keeps the team's
 * name, an OIDC claim may give the name or the id; names compare case-insensitively, as team names do.
 */
export const isIncidentTeam = (held: string, team: IncidentTeam): boolean => {
  const id = teamIdFor(team);
  return held === id || teamIdOf(held) === id;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether two references to a team (each a name or an id, as tokens, claims and subscriptions give them) name the same team. */
export const isSameTeam = (a: string, b: string): boolean => {
  const idOf = (ref: string): string => (UUID.test(ref) ? ref.toLowerCase() : teamIdOf(ref));
  return idOf(a) === idOf(b);
};
