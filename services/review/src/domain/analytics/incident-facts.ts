import { RecordedEvent } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { TimelineEntry } from '../timeline';
import { eventTimeOf } from '../event-time';
import { IncidentMetrics, incidentMetrics } from '../metrics/incident-metrics';

/** What analytics keeps of one incident: its per-incident metrics (the same fold as `GET …/metrics`) and its dimensions. */
export interface IncidentFacts {
  metrics: IncidentMetrics;
  /** The catalog service triage named (`IncidentTriaged.service`), else the `service` label detection saw; null: none. */
  service: string | null;
  /** The routed team (`IncidentTriaged.route.team`), then the team of the last reassignment to a team. */
  team: string | null;
  /** Triage's priority, then the last `IncidentReprioritised`. */
  priority: string | null;
  /** Each `AlertFired` of the incident: its alert and the source that sent it. */
  alerts: { alertId: string; source: string }[];
  /** Each `ResponderPaged` (one person paged once, as the metrics count pages), at its event time. */
  pages: { pageId: string; personId: string; at: string }[];
}

type Data = Record<string, unknown>;
const obj = (value: unknown): Data => (value && typeof value === 'object' ? (value as Data) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The source data at the newest version of its type (as the metrics read it); a malformed old shape as it is. */
function dataOf(entry: TimelineEntry): Data {
  try {
    return obj(upcast({ type: entry.type, schemaVersion: entry.schemaVersion, data: entry.data } as unknown as RecordedEvent).data);
  } catch {
    return obj(entry.data);
  }
}

/** An incident's facts, folded from its ordered timeline entries alone (the same entries `GET …/metrics` folds). */
export function incidentFacts(entries: readonly TimelineEntry[]): IncidentFacts {
  const facts: IncidentFacts = { metrics: incidentMetrics(entries), service: null, team: null, priority: null, alerts: [], pages: [] };
  let labelledService: string | null = null;
  for (const entry of entries) {
    const d = () => dataOf(entry);
    switch (entry.type) {
      case 'IncidentDetected':
        labelledService ??= text(obj(d().labels).service) ?? null;
        break;
      case 'IncidentTriaged': {
        const data = d();
        facts.service = text(data.service) ?? facts.service;
        facts.team = text(obj(data.route).team) ?? facts.team;
        facts.priority = text(data.priority) ?? facts.priority;
        break;
      }
      case 'IncidentReprioritised':
        facts.priority = text(d().priority) ?? facts.priority;
        break;
      case 'IncidentReassigned': {
        const to = obj(d().to);
        if (to.kind === 'team') facts.team = text(to.name) ?? facts.team;
        break;
      }
      case 'AlertFired': {
        const data = d();
        facts.alerts.push({ alertId: text(data.alertId) ?? entry.eventId, source: text(data.source) ?? 'unknown' });
        break;
      }
      case 'ResponderPaged': {
        const data = d();
        // As the metrics count people: by person id, else by name.
        const personId = text(data.personId) ?? (text(data.responder) !== undefined ? `name:${text(data.responder)}` : undefined);
        if (personId !== undefined) facts.pages.push({ pageId: entry.eventId, personId, at: eventTimeOf(entry) });
        break;
      }
      default:
        break;
    }
  }
  facts.service ??= labelledService;
  return facts;
}
