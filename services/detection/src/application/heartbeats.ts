import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { HeartbeatRestoredEvent } from '@linchpin/contracts';
import { Clock, CLOCK, EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, StoreCommandHandler } from '@linchpin/platform';
import { DEFAULT_HEARTBEAT_SEVERITY, heartbeatStatus } from '../domain/heartbeat.decider';
import { heartbeats } from '../domain/streams';
import { IntegrationView } from './config-projections';
import { asHeartbeatSender, heartbeatConfigOf, restoredSignal } from './heartbeat-signals';
import { IngestSignalsCommand } from './ingest-signals.command';

export interface HeartbeatView {
  integrationId: string;
  status: 'disabled' | 'up' | 'missed';
  lastBeatAt: string | null;
  /** The pending deadline; while missed, the one that passed. */
  expectedBy: string | null;
}

/** A beat of an integration: its heartbeat route, or any signal or log batch it sent. */
export class RecordHeartbeatCommand extends commandWith<{ integration: IntegrationView; request: RequestContext }, HeartbeatView>() {}

/**
 * Moves the integration's deadline through the `heartbeats` binding. The beat after a miss also
 * resolves the heartbeat's alert, before `HeartbeatRestored` is appended: a crash between leaves
 * the heartbeat missed, and the next beat resolves again (a no-op on a resolved alert).
 */
@CommandHandler(RecordHeartbeatCommand)
export class RecordHeartbeatHandler extends StoreCommandHandler implements ICommandHandler<RecordHeartbeatCommand, HeartbeatView> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly commands: CommandBus,
  ) {
    super(store, clock);
  }

  async execute({ integration, request }: RecordHeartbeatCommand): Promise<HeartbeatView> {
    const { integrationId } = integration;
    const { state } = await heartbeats.handle(
      this.store,
      { type: 'RecordBeat', integrationId, eventId: newId(), config: heartbeatConfigOf(integration), context: this.contextOf(request) },
      {
        beforeAppend: async ({ events, state: before }) => {
          const restored = events.find((e): e is HeartbeatRestoredEvent => e.type === 'HeartbeatRestored');
          if (!restored) return;
          const severity = before.configured?.heartbeat?.severity ?? DEFAULT_HEARTBEAT_SEVERITY;
          await this.commands.execute(
            new IngestSignalsCommand({ sender: 'heartbeat', signals: [restoredSignal(integration, restored.data, severity)], integration: asHeartbeatSender(integration), request }),
          );
        },
      },
    );
    return { integrationId, ...heartbeatStatus(state) };
  }
}
