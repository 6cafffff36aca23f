import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MESSAGE_BUS, MessageBus } from '@linchpin/eventsourcing';
import { Metrics } from './metrics';

/**
 * `linchpin_consumer_lag_messages{group,topic}`: what each consumer group of this process, and on Kafka every
 * group reading a topic this process writes, has not handled yet, asked of the bus at each scrape
 * (MessageBus.lag). On Kafka it is the broker's count for the whole group (end offsets against committed
 * offsets), so a stuck consumer, one that never joined, or a service that is down shows a growing number;
 * several processes report the same group: aggregate with max, not sum.
 * On the in-process bus it is each group's queue, which `publish` waits for: 0 unless a handler is slow
 * or held by an outage (the backlog then waits in the store: `linchpin_relay_lag_events`).
 */
@Injectable()
export class BusMetrics implements OnModuleInit {
  private readonly logger = new Logger('BusMetrics');

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const bus = this.bus;
    if (!bus.lag) return;
    this.metrics.measured<'group' | 'topic'>(
      {
        name: 'linchpin_consumer_lag_messages',
        help: 'Messages on a topic a consumer group has not handled yet (this process\'s groups, and on Kafka the readers of the topics it writes), measured at the scrape (Kafka: the broker\'s count for the whole group)',
        labelNames: ['group', 'topic'],
      },
      async () => (await bus.lag!()).map(({ group, topic, messages }) => ({ labels: { group, topic }, value: messages })),
      (error) => this.logger.warn(`consumer lag left out of this scrape: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
