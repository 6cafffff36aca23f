import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, EventEnvelope, EventStore } from '@linchpin/eventsourcing';
import { Metrics, RecordedAppends } from '@linchpin/platform';
import { PRIORITIES } from '../domain/sla';
import { RESPONSE_STREAM_PREFIX, responses, responseStream } from '../domain/streams';
import { IncidentListProjection } from './incident-list.projection';

/** Why an escalation went further than the first page. */
type EscalationReason = 'timeout' | 'manual' | 'sla-breach' | 'exhausted';
const REASONS: EscalationReason[] = ['timeout', 'manual', 'sla-breach', 'exhausted'];
const NO_PRIORITY = 'none';

/** Seconds: from a responder who had the phone in hand to one found after two hours. */
const ACKNOWLEDGE_BUCKETS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/**
 * - `linchpin_incidents_open{priority}`: unresolved incidents not merged into another, by priority (`none`
 *   before one is known), counted from the incident list at each scrape, so it holds across restarts.
 * - `linchpin_escalations_total{reason}`: an escalation level reached beyond the first page, because its
 *   deadline passed (`timeout`), someone asked (`manual`, `POST …/escalate`) or an SLA was breached
 *   (`sla-breach`); and a policy exhausted, handing over to the default route's team (`exhausted`).
 * - `linchpin_time_to_acknowledge_seconds{priority}`: for each incident's first acknowledgement, the time
 *   from its first page (from when coordination opened it, when nobody was paged) to the acknowledgement:
 *   coordination knows when it paged, not when the source saw the problem (detection's `IncidentDetected`).
 *
 * The counter and the histogram count what this process has just appended (RecordedAppends), not the
 * events a projection folds: projections are rebuilt from the whole log at every start, and would count
 * every past escalation again after each restart. An append that found its events stored already (a
 * redelivered message, a timer fired twice) tells nothing, so nothing is counted twice; each replica counts
 * only its own appends.
 */
@Injectable()
export class ResponseMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ResponseMetrics');
  private readonly escalations;
  private readonly acknowledged;
  private stopListening?: () => void;

  constructor(
    metrics: Metrics,
    incidents: IncidentListProjection,
    private readonly appends: RecordedAppends,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    metrics.gauge<'priority'>({
      name: 'linchpin_incidents_open',
      help: 'Unresolved incidents (not merged into another), by priority (none: not known yet), now',
      labelNames: ['priority'],
      async collect() {
        const counts = await incidents.openByPriority();
        this.reset();
        for (const priority of [...PRIORITIES, NO_PRIORITY]) this.set({ priority }, counts.get(priority) ?? 0);
      },
    });
    this.escalations = metrics.counter<'reason'>({
      name: 'linchpin_escalations_total',
      help: 'Escalations past the first page, by reason: timeout (a level\'s deadline passed), manual, sla-breach, exhausted (handed to the default route)',
      labelNames: ['reason'],
    });
    // Every series from the start at 0, so an alert on increase() fires on the first one too.
    for (const reason of REASONS) this.escalations.inc({ reason }, 0);
    this.acknowledged = metrics.histogram<'priority'>({
      name: 'linchpin_time_to_acknowledge_seconds',
      help: 'Time from an incident\'s first page to its first acknowledgement, by priority',
      labelNames: ['priority'],
      buckets: ACKNOWLEDGE_BUCKETS,
    });
  }

  onModuleInit(): void {
    this.stopListening = this.appends.on((stream, events) => {
      if (stream.startsWith(RESPONSE_STREAM_PREFIX)) this.recorded(stream.slice(RESPONSE_STREAM_PREFIX.length), events);
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  private recorded(incidentId: string, events: readonly EventEnvelope[]): void {
    for (const event of events) {
      const reason = escalationReason(event);
      if (reason) this.escalations.inc({ reason });
      if (event.type === 'IncidentAcknowledged') {
        this.observeAcknowledgement(incidentId, event).catch((error: unknown) =>
          this.logger.warn(`time to acknowledge of incident ${incidentId} not measured: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
  }

  /** Only the incident's first acknowledgement: one after a reassignment or a reopen measures a second wait, not the first. */
  private async observeAcknowledgement(incidentId: string, acknowledgement: EventEnvelope): Promise<void> {
    const stream = await this.store.readStream(responseStream(incidentId));
    const first = stream.find((e) => e.type === 'IncidentAcknowledged');
    if (!first || first.id !== acknowledgement.id) return;
    const start = stream.find((e) => e.type === 'ResponderPaged') ?? stream[0];
    const state = await responses.load(this.store, { incidentId });
    const priority = state.status === 'none' ? NO_PRIORITY : (state.priority ?? NO_PRIORITY);
    const seconds = (Date.parse(acknowledgement.metadata.occurredAt) - Date.parse(start.metadata.occurredAt)) / 1000;
    this.acknowledged.observe({ priority }, Math.max(0, seconds));
  }
}

/** The reason label of an escalation event, or none for any other event (and for the first level, which is the first page). */
function escalationReason(event: EventEnvelope): EscalationReason | undefined {
  if (event.type === 'EscalationExhausted') return 'exhausted';
  if (event.type !== 'EscalationLevelReached') return undefined;
  const data = event.data as { level: number; repeat: number; sla?: unknown };
  if (data.sla !== undefined) return 'sla-breach';
  if (data.level === 1 && data.repeat === 0) return undefined;
  // A deadline fires as the service itself (`system:coordination`); `POST …/escalate` as whoever asked.
  return event.metadata.actor.startsWith('system:') ? 'timeout' : 'manual';
}
