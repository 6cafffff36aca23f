import { RecordedEvent } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { TimelineEntry } from '../timeline';
import { eventTimeOf } from '../event-time';

/**
 * The version of the definitions below (README "Metrics"). Raise it whenever a definition changes, so a figure
 * is never compared with one computed under other rules.
 */
export const METRICS_DEFINITIONS_VERSION = 1;

export type Audience = 'responders' | 'internal' | 'public';

/** The instants the durations run between, as the events say (null while not reached). */
export interface MetricMoments {
  /** The earliest source-side start of the incident's own signals. */
  firstSignalAt: string | null;
  detectedAt: string | null;
  acknowledgedAt: string | null;
  /** The recorded mitigation's moment, or the final resolution's when none was recorded (see `mitigation`). */
  mitigatedAt: string | null;
  /** The resolution no reopen undid. */
  resolvedAt: string | null;
}

export interface IncidentMetrics {
  /** Whole seconds, null while not reached; never negative. */
  timeToDetect: number | null;
  timeToAcknowledge: number | null;
  timeToMitigate: number | null;
  timeToResolve: number | null;
  /** Where `timeToMitigate` ends: a recorded `IncidentMitigated`, or the final resolution when none was recorded. */
  mitigation: 'recorded' | 'resolution' | null;
  moments: MetricMoments;
  /** Times the incident was reopened. */
  reopens: number;
  /** The incident it is merged into (its response continues there), else null. */
  mergedInto: string | null;
  escalations: number;
  responders: number;
  pages: number;
  updatesSent: { total: number; byAudience: Record<Audience, number> };
  slaBreaches: number;
}

type Data = Record<string, unknown>;
const obj = (value: unknown): Data => (value && typeof value === 'object' ? (value as Data) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const instant = (value: unknown): number | undefined => {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * The source event's data at the newest version of its type: the entry keeps the data as its source published
 * it, and the contracts' upcasters say what an older shape means (a v1 page's person, a v1 update's audience).
 */
function currentData(entry: TimelineEntry): Data {
  try {
    // The chain reads only the type, version and data of what it raises.
    return obj(upcast({ type: entry.type, schemaVersion: entry.schemaVersion, data: entry.data } as unknown as RecordedEvent).data);
  } catch {
    return obj(entry.data); // a malformed old shape never fails the metrics: read it as it is
  }
}

/** What the fold carries: instants in epoch ms. */
interface Fold {
  firstSignalAt: number | null;
  detectedAt: number | null;
  acknowledgedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
  reopens: number;
  mergedInto: string | null;
  levelsReached: number;
  escalationsFromLevels: number;
  /** Before escalation policies a page only said its level (ordinal over passes): the levels above the first paged. */
  legacyLevelsAboveFirst: Set<number>;
  people: Set<string>;
  pages: number;
  updates: Record<Audience, number>;
  slaBreaches: number;
}

const earliest = (current: number | null, candidate: number | undefined): number | null =>
  candidate === undefined ? current : current === null ? candidate : Math.min(current, candidate);

function apply(fold: Fold, entry: TimelineEntry): void {
  const at = Date.parse(eventTimeOf(entry));
  switch (entry.type) {
    case 'IncidentDetected': {
      const d = currentData(entry);
      fold.firstSignalAt = earliest(fold.firstSignalAt, instant(d.firstSignalAt));
      fold.detectedAt ??= at;
      return;
    }
    // The incident's own signals: the one that opened it and those that joined it (a merge's moved alerts are not among them).
    case 'AlertFired':
    case 'AlertJoinedIncident':
      fold.firstSignalAt = earliest(fold.firstSignalAt, instant(currentData(entry).startsAt));
      return;
    case 'IncidentAcknowledged':
      fold.acknowledgedAt ??= at;
      return;
    case 'IncidentMitigated':
      // The event names the moment the impact stopped; coordination sets it to its own event time.
      fold.mitigatedAt ??= instant(currentData(entry).mitigatedAt) ?? at;
      return;
    case 'IncidentResolved':
      fold.resolvedAt = at;
      return;
    case 'IncidentReopened':
      fold.resolvedAt = null;
      fold.reopens += 1;
      return;
    case 'IncidentMerged':
      fold.mergedInto = text(currentData(entry).into) ?? null;
      return;
    case 'IncidentUnmerged':
      fold.mergedInto = null;
      return;
    case 'EscalationLevelReached': {
      const d = currentData(entry);
      fold.levelsReached += 1;
      // Every escalation (and each restart by reopen or reassignment) begins at level 1 of the first pass: not an escalation.
      if (!(d.level === 1 && d.repeat === 0)) fold.escalationsFromLevels += 1;
      for (const p of Array.isArray(d.paged) ? d.paged : []) addPerson(fold, obj(p).personId, obj(p).name);
      return;
    }
    case 'ResponderPaged': {
      const d = currentData(entry);
      fold.pages += 1;
      addPerson(fold, d.personId, d.responder);
      if (typeof d.escalationLevel === 'number' && d.escalationLevel > 1) fold.legacyLevelsAboveFirst.add(d.escalationLevel);
      return;
    }
    case 'RespondersAdded': {
      const { responders } = currentData(entry);
      for (const r of Array.isArray(responders) ? responders : []) addPerson(fold, obj(r).personId, obj(r).name);
      return;
    }
    case 'StatusUpdatePosted': {
      const audience = text(currentData(entry).audience);
      fold.updates[audience === 'responders' || audience === 'internal' ? audience : 'public'] += 1;
      return;
    }
    case 'SlaBreached':
      fold.slaBreaches += 1;
      return;
    default:
      return;
  }
}

/** A person by id; a page without one (none should remain once upcast) by name. */
function addPerson(fold: Fold, personId: unknown, name: unknown): void {
  const key = text(personId) ?? (text(name) !== undefined ? `name:${text(name)}` : undefined);
  if (key !== undefined) fold.people.add(key);
}

/** Whole seconds from `from` to `to` (rounded down), null unless both are known; a negative span (clock skew) is 0. */
const seconds = (from: number | null, to: number | null): number | null => (from === null || to === null ? null : Math.floor(Math.max(0, to - from) / 1000));
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * An incident's metrics, folded from its ordered timeline entries alone (README "Metrics" defines each).
 * With `until`, only the entries whose event happened at or before it count: the figures as they stood then.
 */
export function incidentMetrics(entries: readonly TimelineEntry[], until?: Date): IncidentMetrics {
  const fold: Fold = {
    firstSignalAt: null,
    detectedAt: null,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    reopens: 0,
    mergedInto: null,
    levelsReached: 0,
    escalationsFromLevels: 0,
    legacyLevelsAboveFirst: new Set(),
    people: new Set(),
    pages: 0,
    updates: { responders: 0, internal: 0, public: 0 },
    slaBreaches: 0,
  };
  const limit = until?.getTime();
  for (const entry of entries) if (limit === undefined || Date.parse(eventTimeOf(entry)) <= limit) apply(fold, entry);

  // With no recorded mitigation, the impact ended at the latest with the final resolution.
  const mitigatedAt = fold.mitigatedAt ?? fold.resolvedAt;
  const mitigation = fold.mitigatedAt !== null ? 'recorded' : fold.resolvedAt !== null ? 'resolution' : null;
  const total = fold.updates.responders + fold.updates.internal + fold.updates.public;
  return {
    timeToDetect: seconds(fold.firstSignalAt, fold.detectedAt),
    timeToAcknowledge: seconds(fold.detectedAt, fold.acknowledgedAt),
    timeToMitigate: seconds(fold.detectedAt, mitigatedAt),
    timeToResolve: seconds(fold.detectedAt, fold.resolvedAt),
    mitigation,
    moments: {
      firstSignalAt: iso(fold.firstSignalAt),
      detectedAt: iso(fold.detectedAt),
      acknowledgedAt: iso(fold.acknowledgedAt),
      mitigatedAt: iso(mitigatedAt),
      resolvedAt: iso(fold.resolvedAt),
    },
    reopens: fold.reopens,
    mergedInto: fold.mergedInto,
    escalations: fold.levelsReached > 0 ? fold.escalationsFromLevels : fold.legacyLevelsAboveFirst.size,
    responders: fold.people.size,
    pages: fold.pages,
    updatesSent: { total, byAudience: { ...fold.updates } },
    slaBreaches: fold.slaBreaches,
  };
}
