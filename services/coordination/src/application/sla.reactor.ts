import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, deterministicId, topicOf } from '@linchpin/eventsourcing';
import { IncidentAcknowledged, IncidentResolved, IncidentUnrouted, ResponderPaged, ResponsePriorityChanged } from '@linchpin/contracts';
import { SLA_TARGETS, SlaTarget, StopCause, slaPolicyAt } from '../domain/sla';
import { incidentSlas, slaPolicies } from '../domain/streams';
import { SlaMetrics } from './sla.metrics';

export const SLA_GROUP = 'coordination.sla';

/**
 * Runs each incident's SLA clocks from coordination's own published facts (its topic, group
 * `coordination.sla`), so paging never waits on it: the first page (or the record that nobody could
 * be paged) starts them under the SLA version in force at that moment; acknowledged, mitigated and
 * resolved stop theirs; a priority change re-targets the running ones. Ids derive from the event
 * reacted to, and each decision is taken once, so a redelivery records nothing twice.
 */
@Injectable()
export class SlaReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: SlaMetrics,
  ) {
    super(bus, SLA_GROUP, [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const context = { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() };
    if (ResponderPaged.is(event) || IncidentUnrouted.is(event)) {
      const { incidentId } = event.data;
      // Every later page of the incident lands here too: only the first opens it.
      if ((await incidentSlas.load(this.store, { incidentId })).status !== 'none') return;
      const startedAt = event.metadata.occurredAt;
      const policy = slaPolicyAt(await slaPolicies.load(this.store, {}), startedAt);
      await incidentSlas.handle(this.store, {
        type: 'StartSlaClocks',
        incidentId,
        eventId: deterministicId(event.id, 'coordination.sla.start'),
        startedAt,
        priority: event.data.priority ?? null,
        policy: { version: policy.version, targets: policy.targets },
        context,
      });
      return;
    }
    if (ResponsePriorityChanged.is(event)) {
      const { incidentId, priority } = event.data;
      await incidentSlas.handle(this.store, { type: 'RetargetSlaClocks', incidentId, eventId: deterministicId(event.id, 'coordination.sla.retarget'), priority, context });
      return;
    }
    const stop = stopOf(event);
    if (!stop) return;
    const outcome = await incidentSlas.handle(this.store, {
      type: 'StopSlaClocks',
      incidentId: stop.incidentId,
      eventId: deterministicId(event.id, 'coordination.sla.stop'),
      targets: stop.targets,
      cause: stop.cause,
      at: stop.at,
      context,
    });
    this.metrics.recorded(outcome);
  }
}

/** Which clocks an event stops, and when it happened (its own time, not when it got here). */
function stopOf(event: PublishedEvent): { incidentId: string; targets: readonly SlaTarget[]; cause: StopCause; at: string } | undefined {
  if (IncidentAcknowledged.is(event)) return { incidentId: event.data.incidentId, targets: ['acknowledge'], cause: 'acknowledged', at: event.metadata.occurredAt };
  if (IncidentResolved.is(event)) return { incidentId: event.data.incidentId, targets: SLA_TARGETS, cause: 'resolved', at: event.metadata.occurredAt };
  // `IncidentMitigated` v1 { incidentId, mitigatedAt, by, note? } is another change's contract, not in
  // the catalogue yet: matched by its type name, and read defensively. Until it is catalogued the bus
  // skips it before `react` (unknown type), so the mitigate clock is stopped only by the resolution.
  if (event.type === 'IncidentMitigated') {
    const data = (event.data ?? {}) as { incidentId?: unknown; mitigatedAt?: unknown };
    const incidentId = typeof data.incidentId === 'string' ? data.incidentId : event.metadata.incidentId;
    if (!incidentId) return undefined;
    const at = typeof data.mitigatedAt === 'string' && !Number.isNaN(Date.parse(data.mitigatedAt)) ? data.mitigatedAt : event.metadata.occurredAt;
    return { incidentId, targets: ['mitigate'], cause: 'mitigated', at };
  }
  return undefined;
}
