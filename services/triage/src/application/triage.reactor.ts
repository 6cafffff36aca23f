import { Inject, Injectable } from '@nestjs/common';
import { IncidentAcknowledged, IncidentDetected, IncidentResolved } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import {
  Clock,
  CLOCK,
  deterministicId,
  EVENT_STORE,
  EventStore,
  executeCommand,
  MESSAGE_BUS,
  MessageBus,
  PublishedEvent,
  topicOf,
} from '@linchpin/eventsourcing';
import { CommandContext } from '../domain/command-context';
import { ITIL_DEFAULT_MATRIX } from '../domain/priority-matrix';
import { ROUTING_DEFAULT } from '../domain/routing-rules';
import { triageStream } from '../domain/streams';
import { triageDecider } from '../domain/triage.decider';

/** Component names in deterministic ids (fixed forever: changing them breaks idempotency). */
const INTAKE = 'triage.intake';
const PROGRESS = 'triage.progress';

/**
 * Triage's single consumer group: detected incidents are queued then triaged (two appends, so
 * an incident whose triage keeps failing still shows in the queue, flagged untriaged), and
 * coordination's acknowledgements and resolutions become triage's own status facts.
 */
@Injectable()
export class TriageReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, 'triage', [topicOf('detection'), topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const context: CommandContext = { actor: 'system:triage', causationId: event.id, occurredAt: this.clock.now().toISOString() };
    if (IncidentDetected.is(event)) {
      const { data } = event;
      const stream = triageStream(data.incidentId);
      await executeCommand(this.store, stream, triageDecider, {
        type: 'QueueIncident',
        eventId: deterministicId(event.id, INTAKE, 0),
        incident: {
          incidentId: data.incidentId,
          title: data.title,
          severity: data.severity,
          source: data.source,
          ...(data.service !== undefined ? { service: data.service } : {}),
          labels: data.labels,
          detectedAt: event.recordedAt,
          firstSignalAt: data.firstSignalAt,
        },
        context,
      });
      await executeCommand(this.store, stream, triageDecider, {
        type: 'TriageIncident',
        eventId: deterministicId(event.id, INTAKE, 1),
        incidentId: data.incidentId,
        matrix: ITIL_DEFAULT_MATRIX,
        rules: ROUTING_DEFAULT,
        context,
      });
    } else if (IncidentAcknowledged.is(event) || IncidentResolved.is(event)) {
      await executeCommand(this.store, triageStream(event.data.incidentId), triageDecider, {
        type: 'ChangeStatus',
        eventId: deterministicId(event.id, PROGRESS),
        incidentId: event.data.incidentId,
        status: IncidentAcknowledged.is(event) ? 'acknowledged' : 'resolved',
        cause: event.type,
        by: event.data.by,
        context,
      });
    }
  }
}
