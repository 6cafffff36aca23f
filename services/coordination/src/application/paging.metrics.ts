import { Injectable } from '@nestjs/common';
import { Metrics } from '@linchpin/platform';
import { IncidentUnroutedEvent } from '@linchpin/contracts';

/** Why nobody could be paged: no team to page, or the page never reached its responder. */
type Unpaged = IncidentUnroutedEvent['data']['cause'] | 'page-failed';
const CAUSES: Unpaged[] = ['unknown-team', 'no-members', 'page-failed'];

/** `linchpin_incidents_unpaged_total{reason}`: incidents nobody could be paged for, since the process started. */
@Injectable()
export class PagingMetrics {
  private readonly unpaged;

  constructor(metrics: Metrics) {
    this.unpaged = metrics.counter<'reason'>({
      name: 'linchpin_incidents_unpaged_total',
      help: 'Incidents nobody could be paged for (routed team and default route team unknown or without members, or the page failed), by reason',
      labelNames: ['reason'],
    });
    // Every series from the start at 0, so an alert on increase() fires on the first one too.
    for (const reason of CAUSES) this.unpaged.inc({ reason }, 0);
  }

  incidentUnpaged(reason: Unpaged): void {
    this.unpaged.inc({ reason });
  }
}
