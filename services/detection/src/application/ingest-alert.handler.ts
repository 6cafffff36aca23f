import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, EVENT_STORE, EventStore, executeCommand, KeyedLock, newId, StateCache } from '@linchpin/eventsourcing';
import { alertDecider, AlertState } from '../domain/alert.decider';
import { CommandContext } from '../domain/command-context';
import { detectIncidentFor, incidentDecider } from '../domain/incident.decider';
import { alertStream, detectionStream } from '../domain/streams';
import { fingerprintOf } from './fingerprint';
import { RecordedIncidents } from './recorded-incidents';
import { IngestAlertCommand, IngestAlertResult } from './ingest-alert.command';

/**
 * In one process, identical alerts take turns (KeyedLock); across processes sharing a store they
 * race for the fingerprint's stream, and the expected revision lets one open the incident while
 * the others reload and deduplicate. Each round has a winner, so this many retries absorbs a
 * burst of that many identical alerts.
 */
const RETRIES_ON_CONFLICT = 64;

@CommandHandler(IngestAlertCommand)
export class IngestAlertHandler implements ICommandHandler<IngestAlertCommand, IngestAlertResult> {
  /** A firing alert's stream grows with every repeat: keep folded states so a repeat reads only what is new. */
  private readonly alerts = new StateCache<AlertState>();
  /** Repeats of one alert take turns in this process instead of racing for the revision. */
  private readonly turns = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly recorded: RecordedIncidents,
  ) {}

  async execute({ input, actor, requestId }: IngestAlertCommand): Promise<IngestAlertResult> {
    const now = this.clock.now().toISOString();
    const context: CommandContext = { actor, causationId: requestId, occurredAt: now };
    const fingerprint = fingerprintOf(input);
    const stream = alertStream(fingerprint);

    if (input.status === 'resolved') {
      const { events, state } = await executeCommand(
        this.store,
        stream,
        alertDecider,
        { type: 'ResolveAlert', eventId: newId(), fingerprint, endsAt: input.endsAt ?? now, context },
        { retries: RETRIES_ON_CONFLICT, cache: this.alerts, lock: this.turns },
      );
      const ids = idsOf(state);
      return {
        ...ids,
        fingerprint,
        deduplicated: false,
        status: 'resolved',
        ...(events.length === 0
          ? { note: state.status === 'silent' ? 'nothing is firing under this fingerprint; nothing to resolve' : 'already resolved' }
          : {}),
      };
    }

    const { events, state } = await executeCommand(
      this.store,
      stream,
      alertDecider,
      {
        type: 'ReceiveAlert',
        eventId: newId(),
        alertId: newId(),
        incidentId: newId(),
        fingerprint,
        source: input.source,
        summary: input.summary,
        severity: input.severity,
        labels: input.labels,
        ...(input.dedupKey !== undefined ? { dedupKey: input.dedupKey } : {}),
        startsAt: input.startsAt ?? now,
        context,
      },
      { retries: RETRIES_ON_CONFLICT, cache: this.alerts, lock: this.turns },
    );
    const [decided] = events;
    if (decided.type === 'AlertFired') {
      // Second append. If the process dies before it, the detection reactor writes the very same
      // event when the relay publishes the AlertFired: it is never lost, and never doubled.
      await executeCommand(this.store, detectionStream(decided.data.incidentId), incidentDecider, detectIncidentFor(decided));
      this.recorded.add(decided.data.incidentId);
    }
    return { ...idsOf(state), fingerprint, deduplicated: decided.type === 'AlertDeduplicated', status: 'firing' };
  }
}

const idsOf = (state: AlertState): { alertId: string | null; incidentId: string | null } =>
  state.status === 'silent' ? { alertId: null, incidentId: null } : { alertId: state.alertId, incidentId: state.incidentId };
