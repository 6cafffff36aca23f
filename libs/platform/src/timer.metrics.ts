import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CLOCK, Clock, DueTimer } from '@linchpin/eventsourcing';
import { DurableTimers } from './durable-timers';
import { Metrics } from './metrics';

/**
 * A timer is overdue once it is this late and still pending: the driver fires a due timer within a second
 * (its longest wait between passes) unless firing fails or the driver is stuck.
 */
export const TIMER_OVERDUE_AFTER_MS = 60_000;

/** How many of the timers count, by purpose; every purpose among them has its series, 0 when none counts. */
const byPurpose = (timers: DueTimer[], counts: (timer: DueTimer) => boolean = () => true) => {
  const tally = new Map<string, number>();
  for (const timer of timers) tally.set(timer.purpose, (tally.get(timer.purpose) ?? 0) + (counts(timer) ? 1 : 0));
  return [...tally].map(([purpose, value]) => ({ labels: { purpose }, value }));
};

/**
 * `linchpin_timers_pending{purpose}` and `linchpin_timers_overdue{purpose}`: the durable timers of every
 * DurableTimers of the application (found among its providers), as each driver last read the log (at every
 * pass: at most a second old), counted at each scrape. Overdue: due more than TIMER_OVERDUE_AFTER_MS ago by
 * the service's clock and neither fired nor cancelled. Purposes are the code's constants (`escalation`,
 * `sla`, …): a bounded label. Replicas each read the whole log: they report the same timers.
 */
@Injectable()
export class TimerMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const owners = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is DurableTimers => instance instanceof DurableTimers);
    if (owners.length === 0) return;
    const pending = () => owners.flatMap((owner) => owner.driver.pending());
    this.metrics.measured<'purpose'>(
      { name: 'linchpin_timers_pending', help: 'Durable timers scheduled and neither fired nor cancelled, by purpose', labelNames: ['purpose'] },
      () => byPurpose(pending()),
    );
    this.metrics.measured<'purpose'>(
      {
        name: 'linchpin_timers_overdue',
        help: `Durable timers still pending more than ${TIMER_OVERDUE_AFTER_MS / 1000} s after they were due (their firing fails, or the driver is stuck), by purpose`,
        labelNames: ['purpose'],
      },
      () => {
        const before = this.clock.now().getTime() - TIMER_OVERDUE_AFTER_MS;
        // A 0 for each purpose with timers pending: an alert on it tells "none overdue" from "not scraped".
        return byPurpose(pending(), (timer) => Date.parse(timer.dueAt) < before);
      },
    );
  }
}
