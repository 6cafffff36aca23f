import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { HeartbeatMissedEvent } from '@linchpin/contracts';
import { CLOCK, Clock, CommandContext, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
import { DEFAULT_HEARTBEAT_SEVERITY } from '../domain/heartbeat.decider';
import { HEARTBEAT_STREAM_PREFIX, heartbeats } from '../domain/streams';
import { IntegrationsProjection, IntegrationView } from './config-projections';
import { asHeartbeatSender, heartbeatConfigOf, missedSignal } from './heartbeat-signals';
import { IngestSignalsCommand } from './ingest-signals.command';

const SYSTEM_ACTOR = 'system:detection';

/** Apply an integration's current settings to its heartbeat (the decider records nothing when they are not newer). */
export const configureHeartbeat = (store: EventStore, integration: IntegrationView, context: CommandContext) =>
  heartbeats.handle(store, { type: 'ConfigureHeartbeat', integrationId: integration.integrationId, config: heartbeatConfigOf(integration), context });

/**
 * Fires the heartbeat deadlines (a `TimerDriver` on the `heartbeat-` streams, started with the
 * module: deadlines that passed while the process was down fire at once). A firing records
 * `HeartbeatMissed` and opens the integration's heartbeat alert through the normal alert path,
 * the alert first: a crash between leaves the deadline pending, and firing it again repeats a
 * firing alert (deduplicated), never a second incident.
 *
 * At start it also applies every integration's settings to its heartbeat: a process that stopped
 * between storing a settings change and applying it catches up here.
 */
@Injectable()
export class HeartbeatMonitor extends DurableTimers {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly commands: CommandBus,
    private readonly integrations: IntegrationsProjection,
  ) {
    super(store, clock, [HEARTBEAT_STREAM_PREFIX], SYSTEM_ACTOR);
  }

  override async onApplicationBootstrap(): Promise<void> {
    await this.reconcile().catch((error: unknown) => this.logger.error(`applying integration settings to heartbeats failed: ${String(error)}`));
    this.driver.start();
  }

  private async reconcile(): Promise<void> {
    const occurredAt = this.clock.now().toISOString();
    for (const integration of await this.integrations.all()) {
      await configureHeartbeat(this.store, integration, { actor: SYSTEM_ACTOR, causationId: integration.integrationId, occurredAt });
    }
  }

  protected async fire(timer: DueTimer): Promise<void> {
    const integrationId = timer.streamId.slice(HEARTBEAT_STREAM_PREFIX.length);
    const context = this.contextOf(timer);
    await heartbeats.handle(
      this.store,
      { type: 'FireHeartbeatTimer', integrationId, timerId: timer.timerId, dueAt: timer.dueAt, context },
      {
        beforeAppend: async ({ events, state }) => {
          const missed = events.find((e): e is HeartbeatMissedEvent => e.type === 'HeartbeatMissed');
          if (!missed) return;
          const integration = await this.integrations.get(integrationId);
          if (!integration) throw new Error(`heartbeat of unknown integration ${integrationId}`);
          const severity = state.configured?.heartbeat?.severity ?? DEFAULT_HEARTBEAT_SEVERITY;
          await this.commands.execute(
            new IngestSignalsCommand({
              sender: 'heartbeat',
              signals: [missedSignal(integration, missed.data, severity)],
              integration: asHeartbeatSender(integration),
              request: { actor: SYSTEM_ACTOR, requestId: timer.scheduledEventId },
            }),
          );
        },
      },
    );
  }
}
