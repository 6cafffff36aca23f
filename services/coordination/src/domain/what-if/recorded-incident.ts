import { EscalationPolicySnapshot } from '../escalation/escalation-policy';
import { ResponseEvent } from '../response.decider';

/** A page as recorded: one `ResponderPaged` of a level or of the default route's team after exhaustion. */
export interface RecordedPage {
  pageId: string;
  personId: string;
  name: string;
  at: string;
  escalationLevel: number;
}

/** What a replay needs of one incident's `response-` stream: when and how it was paged, and when someone took it. */
export interface RecordedIncident {
  incidentId: string;
  title: string | null;
  /** The team paged (or routed to, when nobody was). */
  team: string | null;
  /** When coordination first decided about it (the escalation's start, the first page, or the unrouting). */
  pagedAt: string;
  /** The policy snapshot the escalation followed; null when no escalation was recorded (unrouted, or from before escalations). */
  policy: EscalationPolicySnapshot | null;
  /** The default route's team, paged once the policy is exhausted. */
  fallbackTeam: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** Level and fallback pages, in order; re-notifications are left out (counted in `renotifications`). */
  pages: RecordedPage[];
  /** Pages that re-notified someone already paged (acknowledgement timeouts, failed deliveries): not replayed. */
  renotifications: number;
  exhausted: boolean;
}

/** The incident a response stream records, folded from its (upcast) events; undefined before anything about it was decided. */
export function recordedIncidentOf(events: readonly ResponseEvent[]): RecordedIncident | undefined {
  let incident: RecordedIncident | undefined;
  const renotified = new Set<string>();
  const paged: RecordedPage[] = [];
  const open = (incidentId: string, at: string): RecordedIncident =>
    (incident ??= {
      incidentId,
      title: null,
      team: null,
      pagedAt: at,
      policy: null,
      fallbackTeam: null,
      acknowledgedAt: null,
      resolvedAt: null,
      pages: [],
      renotifications: 0,
      exhausted: false,
    });
  for (const event of events) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'EscalationStarted': {
        const { policy, fallbackTeam } = event.data;
        const { acknowledgementTimeoutMinutes, ...rest } = policy;
        Object.assign(open(event.data.incidentId, at), {
          policy: { ...rest, ...(acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes } : {}) },
          fallbackTeam,
        });
        break;
      }
      case 'ResponderPaged': {
        const d = event.data;
        const one = open(d.incidentId, at);
        one.team ??= d.team;
        one.title ??= d.title;
        paged.push({ pageId: d.pageId, personId: d.personId, name: d.responder, at, escalationLevel: d.escalationLevel });
        break;
      }
      case 'IncidentUnrouted': {
        const one = open(event.data.incidentId, at);
        one.team ??= event.data.team;
        one.title ??= event.data.title ?? null;
        break;
      }
      case 'IncidentRenotified':
        for (const p of event.data.notified) renotified.add(p.pageId);
        break;
      case 'EscalationExhausted':
        if (incident) incident.exhausted = true;
        break;
      case 'IncidentAcknowledged':
        if (incident) incident.acknowledgedAt ??= at;
        break;
      case 'IncidentResolved':
        if (incident) incident.resolvedAt ??= at;
        break;
      default:
        break;
    }
  }
  if (!incident) return undefined;
  const found: RecordedIncident = incident;
  found.pages = paged.filter((p) => !renotified.has(p.pageId));
  found.renotifications = paged.length - found.pages.length;
  return found;
}
