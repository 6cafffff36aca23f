import { eventTimeOf } from '../event-time';
import { TimelineEntry } from '../timeline';
import { statusUpdateFactsOf } from '../status-update-entry';
import { Data, text } from './source-data';

export type Audience = 'responders' | 'internal' | 'public';
export const AUDIENCES: readonly Audience[] = ['responders', 'internal', 'public'];

/** A status update as its audience read it. */
export interface ToldUpdate {
  updateId: string | null;
  phase: string;
  impact: string;
  eta: string | null;
  message: string;
  /** When it was posted (event time). */
  at: string;
}

/** What one audience had been told: how many updates, and the last. */
export interface AudienceTold {
  updates: number;
  last: ToldUpdate;
}

/** Per audience, null while it had been told nothing. */
export type Told = Record<Audience, AudienceTold | null>;

export const toldNothing: Told = { responders: null, internal: null, public: null };

/** The status updates comms posted, by audience (an update from before audiences was public, as its upcaster says). */
export function applyTold(told: Told, entry: TimelineEntry, d: Data): Told {
  if (entry.type !== 'StatusUpdatePosted') return told;
  const facts = statusUpdateFactsOf({ type: entry.type, data: d })!;
  const audience: Audience = facts.audience === 'responders' || facts.audience === 'internal' ? facts.audience : 'public';
  const last: ToldUpdate = { updateId: text(d.updateId), phase: facts.phase, impact: facts.impact, eta: facts.eta, message: text(d.message) ?? '', at: eventTimeOf(entry) };
  return { ...told, [audience]: { updates: (told[audience]?.updates ?? 0) + 1, last } };
}
