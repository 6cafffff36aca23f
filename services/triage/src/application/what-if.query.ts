import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { upcast } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, Position } from '@linchpin/eventsourcing';
import { PriorityMatrix } from '../domain/priority-matrix';
import { RoutingRuleSet } from '../domain/routing-rules';
import { TRIAGE_STREAM_PREFIX } from '../domain/streams';
import { TriageEvent } from '../domain/triage.decider';
import { compareIncident, IncidentComparison, Totals, totalsOf } from '../domain/what-if';
import { TriageConfigProjection } from './triage-config.projection';

export interface WhatIfResult {
  range: { from: string; to: string };
  proposal: { matrix: { id: string; version: number }; routing: { id: string; version: number } };
  current: { matrix: { id: string; version: number }; routing: { id: string; version: number } };
  totals: Totals;
  incidents: IncidentComparison[];
}

/** Replays the recorded triage of incidents detected in [from, to) through a proposed matrix and rule set. Writes nothing. */
export class WhatIfQuery extends Query<WhatIfResult> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly matrix: PriorityMatrix | undefined,
    readonly rules: RoutingRuleSet | undefined,
  ) {
    super();
  }
}

const PAGE = 1000;

@QueryHandler(WhatIfQuery)
export class WhatIfHandler implements IQueryHandler<WhatIfQuery, WhatIfResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: TriageConfigProjection,
  ) {}

  async execute({ from, to, matrix, rules }: WhatIfQuery): Promise<WhatIfResult> {
    const currentMatrix = await this.config.currentMatrix();
    const currentRules = await this.config.currentRules();
    const proposedMatrix = matrix ?? currentMatrix;
    const proposedRules = rules ?? currentRules;
    const histories = await this.histories();
    const [start, end] = [Date.parse(from), Date.parse(to)];
    const incidents: IncidentComparison[] = [];
    for (const history of histories.values()) {
      const queued = history.find((e) => e.type === 'IncidentQueued');
      if (queued?.type !== 'IncidentQueued') continue;
      const at = Date.parse(queued.data.detectedAt);
      if (at < start || at >= end) continue;
      const comparison = compareIncident(history, proposedMatrix, proposedRules);
      if (comparison) incidents.push(comparison);
    }
    incidents.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt) || a.incidentId.localeCompare(b.incidentId));
    return {
      range: { from, to },
      proposal: { matrix: { id: proposedMatrix.id, version: proposedMatrix.version }, routing: { id: proposedRules.id, version: proposedRules.version } },
      current: { matrix: { id: currentMatrix.id, version: currentMatrix.version }, routing: { id: currentRules.id, version: currentRules.version } },
      totals: totalsOf(incidents),
      incidents,
    };
  }

  /** Triage's own log, by incident, read page by page. */
  private async histories(): Promise<Map<string, TriageEvent[]>> {
    const byIncident = new Map<string, TriageEvent[]>();
    let after: Position | undefined;
    for (;;) {
      const page = await this.store.readAll({ ...(after !== undefined ? { after } : {}), filter: { streamPrefixes: [TRIAGE_STREAM_PREFIX] }, limit: PAGE });
      for (const recorded of page) {
        const event = upcast(recorded) as unknown as TriageEvent;
        const incidentId = event.data.incidentId;
        const history = byIncident.get(incidentId) ?? [];
        history.push(event);
        byIncident.set(incidentId, history);
      }
      if (page.length < PAGE) return byIncident;
      after = page[page.length - 1].position;
    }
  }
}
