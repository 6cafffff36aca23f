import { Injectable, Logger } from '@nestjs/common';
import { Metrics } from '@linchpin/platform';
import { IncidentSlaEvent, PRIORITIES, SLA_TARGETS } from '../domain/sla';

/** `linchpin_sla_breaches_total{target,priority}`: SLA targets passed while their clock ran, since the process started. */
@Injectable()
export class SlaMetrics {
  private readonly logger = new Logger('SlaBreaches');
  private readonly breaches;

  constructor(metrics: Metrics) {
    this.breaches = metrics.counter<'target' | 'priority'>({
      name: 'linchpin_sla_breaches_total',
      help: 'SLA targets (acknowledge, mitigate, resolve) that passed while their clock ran, by target and priority',
      labelNames: ['target', 'priority'],
    });
    // Every series from the start at 0, so an alert on increase() fires on the first breach too.
    for (const target of SLA_TARGETS) for (const priority of PRIORITIES) this.breaches.inc({ target, priority }, 0);
  }

  /**
   * Loud about each breach among the events this process has just appended (a decision of nothing,
   * or an append that found them stored already, counts nothing: a redelivery, a second firing).
   */
  recorded(outcome: { events: readonly IncidentSlaEvent[]; append?: { alreadyStored: boolean } }): void {
    if (outcome.append?.alreadyStored) return;
    for (const event of outcome.events) {
      if (event.type !== 'SlaBreached') continue;
      const { incidentId, target, priority, dueAt, slaVersion } = event.data;
      this.breaches.inc({ target, priority });
      this.logger.warn(`incident ${incidentId}: the ${priority} ${target} SLA (version ${slaVersion}) was breached: due ${dueAt}`);
    }
  }
}
