import { TimelineEntryRecordedEvent, TimelineEntryRecordedV1 } from '@linchpin/contracts';
import { summarize } from '@linchpin/review';

/**
 * Realistic review history: each incident's `timeline-<id>` stream holds the steps the other
 * contexts took, as review records them (TimelineEntryRecorded, summary made by review's own code).
 */

type Step = { type: string; context: string; actor: string; data: (incidentId: string, n: number) => Record<string, unknown> };

/** A valid UUID (version 4 layout) made from a number, so generation needs no hashing. */
export const uuidOf = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const labels = { service: 'checkout', env: 'production', region: 'eu-west-1', alertname: 'HighErrorRate' };
const title = 'Checkout error rate above 5% for 5 minutes';

const steps: Record<string, Step> = {
  AlertFired: {
    type: 'AlertFired',
    context: 'detection',
    actor: 'integration:prometheus',
    data: (incidentId, n) => ({
      alertId: uuidOf(1, n),
      fingerprint: `fp-checkout-error-rate-${n % 7}`,
      source: 'prometheus',
      summary: 'HTTP 5xx ratio 7.3% on checkout-api (threshold 5%)',
      severity: 'critical',
      labels,
      dedupKey: 'checkout-error-rate',
      startsAt: '2026-01-01T10:00:00.000Z',
      incidentId,
    }),
  },
  IncidentDetected: {
    type: 'IncidentDetected',
    context: 'detection',
    actor: 'system:detection',
    data: (incidentId, n) => ({
      incidentId,
      title,
      severity: 'critical',
      source: 'prometheus',
      service: 'checkout',
      labels,
      alertId: uuidOf(1, n),
      fingerprint: 'fp-checkout-error-rate-0',
      firstSignalAt: '2026-01-01T10:00:00.000Z',
    }),
  },
  IncidentQueued: {
    type: 'IncidentQueued',
    context: 'triage',
    actor: 'system:triage',
    data: (incidentId) => ({
      incidentId,
      title,
      severity: 'critical',
      source: 'prometheus',
      service: 'checkout',
      labels,
      detectedAt: '2026-01-01T10:00:01.000Z',
      firstSignalAt: '2026-01-01T10:00:00.000Z',
    }),
  },
  IncidentTriaged: {
    type: 'IncidentTriaged',
    context: 'triage',
    actor: 'system:triage',
    data: (incidentId) => ({
      incidentId,
      priority: 'P1',
      impact: 'high',
      urgency: 'high',
      matrix: { id: 'default', version: 3 },
      route: { team: 'payments', ruleId: 'service-checkout', ruleVersion: 2 },
      service: 'checkout',
      title,
      rationale: ['severity critical → impact high', 'service checkout is tier 1 → urgency high', 'rule service-checkout → team payments'],
    }),
  },
  ResponderPaged: {
    type: 'ResponderPaged',
    context: 'coordination',
    actor: 'system:coordination',
    data: (incidentId, n) => ({
      incidentId,
      pageId: uuidOf(2, n),
      teamId: uuidOf(3, 1),
      team: 'payments',
      responder: { name: n % 2 ? 'alice' : 'bob', webhookUrl: 'https://hooks.example.com/pager/payments' },
      priority: 'P1',
      title,
      escalationLevel: 1 + (n % 3),
      reason: n % 3 ? 'not acknowledged within 5 minutes' : 'incident routed to team payments',
    }),
  },
  PageDelivered: {
    type: 'NotificationDelivered',
    context: 'comms',
    actor: 'system:comms',
    data: (incidentId, n) => ({
      deliveryId: uuidOf(4, n),
      incidentId,
      kind: 'page',
      subjectId: uuidOf(2, n),
      target: 'https://hooks.example.com/pager/payments',
      attempts: 1 + (n % 2),
      statusCode: 200,
    }),
  },
  IncidentAcknowledged: {
    type: 'IncidentAcknowledged',
    context: 'coordination',
    actor: 'user:alice',
    data: (incidentId) => ({ incidentId, by: 'alice' }),
  },
  StatusUpdatePosted: {
    type: 'StatusUpdatePosted',
    context: 'comms',
    actor: 'user:alice',
    data: (incidentId, n) => ({
      incidentId,
      updateId: uuidOf(5, n),
      status: (['investigating', 'identified', 'monitoring'] as const)[n % 3],
      message: 'A bad deploy of checkout-api 2.41 raised the 5xx rate; rolling back and watching the error budget.',
    }),
  },
  UpdateDelivered: {
    type: 'NotificationDelivered',
    context: 'comms',
    actor: 'system:comms',
    data: (incidentId, n) => ({
      deliveryId: uuidOf(4, n),
      incidentId,
      kind: 'status-update',
      subjectId: uuidOf(5, n),
      target: 'https://status.example.com/hooks/linchpin',
      attempts: 1,
      statusCode: 202,
    }),
  },
  IncidentResolved: {
    type: 'IncidentResolved',
    context: 'coordination',
    actor: 'user:alice',
    data: (incidentId) => ({ incidentId, by: 'alice', resolution: 'rolled back checkout-api to 2.40' }),
  },
};

/** A typical incident: 20 steps from first alert to resolution. */
const lifecycle = [
  'AlertFired', 'AlertFired', 'IncidentDetected', 'AlertFired', 'IncidentQueued', 'IncidentTriaged', 'ResponderPaged', 'PageDelivered',
  'IncidentAcknowledged', 'StatusUpdatePosted', 'UpdateDelivered', 'ResponderPaged', 'PageDelivered', 'StatusUpdatePosted',
  'UpdateDelivered', 'StatusUpdatePosted', 'UpdateDelivered', 'StatusUpdatePosted', 'UpdateDelivered', 'IncidentResolved',
];
export const TYPICAL_ENTRIES = lifecycle.length;
/** What a long incident keeps adding between acknowledgement and resolution. */
const longTail = ['AlertFired', 'StatusUpdatePosted', 'UpdateDelivered', 'AlertFired', 'ResponderPaged', 'PageDelivered'];

/** The step names of an incident with `count` entries (count ≥ 20 stretches the middle). */
function stepsOf(count: number): string[] {
  if (count <= lifecycle.length) return lifecycle.slice(0, count);
  const head = lifecycle.slice(0, 9);
  const tail = lifecycle.slice(9);
  const middle = Array.from({ length: count - head.length - tail.length }, (_, i) => longTail[i % longTail.length]);
  return [...head, ...middle, ...tail];
}

const START = Date.parse('2026-01-01T00:00:00.000Z');

/** Entries `from`..`to` (exclusive) of incident number `incident`, which has `count` entries in all. */
export function timelineEvents(incident: number, count: number, from: number, to: number): TimelineEntryRecordedEvent[] {
  const incidentId = uuidOf(0xa, incident);
  const names = stepsOf(count);
  const events: TimelineEntryRecordedEvent[] = [];
  for (let k = from; k < Math.min(to, count); k++) {
    const step = steps[names[k]];
    const n = incident * 100_000 + k;
    const at = new Date(START + incident * 60_000 + k * 15_000).toISOString();
    const data = step.data(incidentId, n);
    const sourceEventId = uuidOf(0xb, n);
    events.push(
      TimelineEntryRecordedV1.create(
        uuidOf(0xc, n),
        {
          incidentId,
          sourceEventId,
          sourceType: step.type,
          sourceSchemaVersion: 1,
          context: step.context,
          at,
          actor: step.actor,
          summary: summarize(step.type, data),
          data,
        },
        { incidentId, correlationId: incidentId, causationId: sourceEventId, actor: 'system:review', occurredAt: at },
      ) as TimelineEntryRecordedEvent,
    );
  }
  return events;
}

export const incidentIdOf = (incident: number): string => uuidOf(0xa, incident);
