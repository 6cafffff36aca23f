import { Injectable } from '@nestjs/common';
import { Metrics } from '@linchpin/platform';
import { IncidentUnroutedEvent } from '@linchpin/contracts';
import { IncidentListProjection } from './incident-list.projection';

/** Why nobody could be paged: no team to page, or the page never reached its responder. */
type Unpaged = IncidentUnroutedEvent['data']['cause'] | 'page-failed';
const CAUSES: Unpaged[] = ['unknown-team', 'no-members', 'page-failed'];

/**
 * `linchpin_incidents_unpaged_total{reason}`: incidents nobody could be paged for, since the process started;
 * `linchpin_incidents_unpaged`: unresolved incidents nobody has been reached for, counted at each scrape from
 * the incident list, so an alert on it holds across restarts (a counter's increment just before a crash is
 * never scraped).
 */
@Injectable()
export class PagingMetrics {
  private readonly unpaged;

  constructor(metrics: Metrics, incidents: IncidentListProjection) {
    metrics.gauge({
      name: 'linchpin_incidents_unpaged',
      help: 'Unresolved incidents nobody has been reached for (no team to page, or every page failed), now',
      async collect() {
        this.set(await incidents.unpagedOpen());
      },
    });
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
