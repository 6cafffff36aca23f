import { UpdateAudience, UpdateStatus } from '../status-update.decider';
import { IncidentTeam, isIncidentTeam, isSameTeam } from '../incident-team';

/** The channels a subscription can use: each is one of `src/channels`. */
export const SUBSCRIPTION_CHANNELS = ['webhook', 'slack', 'teams', 'email'] as const;
export type SubscriptionChannel = (typeof SUBSCRIPTION_CHANNELS)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The audiences a subscription may hear: stakeholders' updates (`responders` updates go to the responders paged). */
export const SUBSCRIBABLE_AUDIENCES = ['internal', 'public'] as const satisfies readonly UpdateAudience[];
export type SubscribableAudience = (typeof SUBSCRIBABLE_AUDIENCES)[number];

export const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const satisfies readonly UpdateStatus[];

/** Which incidents: every one given must hold (none given: every incident). */
export interface SubscriptionFilter {
  incidentId?: string;
  /** The incident's service, as triage named it. */
  service?: string;
  /** The incident's team, by name or id, as coordination holds it. */
  team?: string;
  /** This priority or a more urgent one: `P2` hears P1 and P2. */
  minPriority?: Priority;
}

/** How the subscriber wants to hear: which audiences and which phases, on this subscription's channel. */
export interface SubscriptionPreferences {
  audiences: SubscribableAudience[];
  phases: UpdateStatus[];
}

export const DEFAULT_PREFERENCES: SubscriptionPreferences = { audiences: [...SUBSCRIBABLE_AUDIENCES], phases: [...PHASES] };

export interface Subscription {
  subscriptionId: string;
  channel: SubscriptionChannel;
  address: string;
  secret: string | null;
  personId: string | null;
  filter: SubscriptionFilter;
  preferences: SubscriptionPreferences;
}

/** What comms knows of an incident when one of its updates is delivered. Unknown parts match no filter on them. */
export interface IncidentAsKnown {
  incidentId: string;
  service: string | null;
  priority: Priority | null;
  team: IncidentTeam | null;
}

export interface UpdateToMatch {
  audience: UpdateAudience;
  status: UpdateStatus;
}

/** A team given by name (any case) or id: coordination's id may be one its name does not give (a team renamed). */
const isTeam = (ref: string, team: IncidentTeam): boolean => isIncidentTeam(ref, team) || isSameTeam(ref, team.name);

/** Whether a subscription hears an update of an incident: its filter holds for the incident and its preferences take the update. */
export function hears(subscription: Subscription, update: UpdateToMatch, incident: IncidentAsKnown): boolean {
  const { filter, preferences } = subscription;
  if (!(preferences.audiences as readonly string[]).includes(update.audience) || !preferences.phases.includes(update.status)) return false;
  if (filter.incidentId !== undefined && filter.incidentId !== incident.incidentId) return false;
  if (filter.service !== undefined && filter.service !== incident.service) return false;
  if (filter.team !== undefined && !(incident.team && isTeam(filter.team, incident.team))) return false;
  if (filter.minPriority !== undefined && !(incident.priority && PRIORITIES.indexOf(incident.priority) <= PRIORITIES.indexOf(filter.minPriority))) return false;
  return true;
}

