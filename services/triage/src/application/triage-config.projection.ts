import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { ITIL_DEFAULT_MATRIX, PriorityMatrix } from '../domain/priority-matrix';
import { ROUTING_DEFAULT, RoutingRuleSet } from '../domain/routing-rules';
import { PriorityMatrixVersioned, RoutingRulesVersioned } from '../domain/triage-config.decider';
import { PRIORITY_MATRIX_STREAM, PRIORITY_MATRIX_STREAM_PREFIX, ROUTING_RULES_STREAM, ROUTING_RULES_STREAM_PREFIX } from '../domain/streams';

/** Who published a version, when and why; the built-in version 1 has no time or author (null). */
export interface VersionInfo {
  builtIn: boolean;
  reason: string | null;
  versionedAt: string | null;
  versionedBy: string | null;
}

export type MatrixVersion = PriorityMatrix & VersionInfo;
export type RulesVersion = RoutingRuleSet & VersionInfo;

const BUILT_IN: VersionInfo = { builtIn: true, reason: 'built-in default', versionedAt: null, versionedBy: null };

const infoOf = (event: RecordedEvent, reason: string | undefined): VersionInfo => ({
  builtIn: false,
  reason: reason ?? null,
  versionedAt: event.metadata.occurredAt,
  versionedBy: event.metadata.actor,
});

/**
 * Every version of the priority matrix and of the routing rules, oldest first, version 1 being the
 * built-in default. Read-your-writes: each read first applies what the store holds beyond it.
 */
@Injectable()
export class TriageConfigProjection {
  private readonly matrices: MatrixVersion[] = [{ ...ITIL_DEFAULT_MATRIX, ...BUILT_IN }];
  private readonly ruleSets: RulesVersion[] = [{ ...ROUTING_DEFAULT, ...BUILT_IN }];
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [PRIORITY_MATRIX_STREAM_PREFIX, ROUTING_RULES_STREAM_PREFIX], (event) => this.apply(event));
  }

  async currentMatrix(): Promise<MatrixVersion> {
    await this.feed.current();
    return this.matrices[this.matrices.length - 1];
  }

  async currentRules(): Promise<RulesVersion> {
    await this.feed.current();
    return this.ruleSets[this.ruleSets.length - 1];
  }

  async matrixVersion(version: number): Promise<MatrixVersion | undefined> {
    await this.feed.current();
    return this.matrices.find((matrix) => matrix.version === version);
  }

  async rulesVersion(version: number): Promise<RulesVersion | undefined> {
    await this.feed.current();
    return this.ruleSets.find((rules) => rules.version === version);
  }

  async history(): Promise<{ matrices: MatrixVersion[]; ruleSets: RulesVersion[] }> {
    await this.feed.current();
    return { matrices: [...this.matrices], ruleSets: [...this.ruleSets] };
  }

  private apply(event: RecordedEvent): void {
    // Only the `-default` streams exist today; another id would be another matrix or rule set.
    if (event.streamId === PRIORITY_MATRIX_STREAM && PriorityMatrixVersioned.is(event)) {
      const { id, version, cells, reason } = event.data;
      this.matrices.push({ id, version, cells, ...infoOf(event, reason) });
    } else if (event.streamId === ROUTING_RULES_STREAM && RoutingRulesVersioned.is(event)) {
      const { id, version, rules, defaultRoute, reason } = event.data;
      this.ruleSets.push({ id, version, rules, defaultRoute, ...infoOf(event, reason) });
    }
  }
}
