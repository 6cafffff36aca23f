export * from './review.module';
export * from './service';
export { AppModule as ReviewAppModule } from './app.module';
export { recordEntry, entryOf, ordered } from './domain/timeline';
export { timelineStream } from './domain/streams';
export type { TimelineEntry, RecordEntry } from './domain/timeline';
export { asOf, applyEntry, emptySnapshot } from './domain/as-of';
export type { IncidentSnapshot } from './domain/as-of';
export { summarize } from './domain/summary';
export { GetTimelineHandler, GetTimelineQuery } from './application/queries';
export { incidentMetrics, METRICS_DEFINITIONS_VERSION } from './domain/metrics/incident-metrics';
export type { IncidentMetrics } from './domain/metrics/incident-metrics';
// issue 16: changes next to incidents (the postmortem prefill calls changesBefore with what ChangesKnownReader reads)
export { changesBefore, DEFAULT_CHANGES_WINDOW_HOURS } from './domain/changes/changes-before';
export type { ChangesBeforeInput, ChangesKnown, RelatedChange } from './domain/changes/changes-before';
export { ChangesKnownReader } from './application/changes-known';
export { REVIEW_SETTINGS, reviewSettings } from './review.settings';
export type { ReviewSettings } from './review.settings';
// issue 17: the rebuild `linchpin rebuild` runs, for the replay bench
export { rebuildReadModels } from './read-models/rebuild-read-models';
export type { RebuildHooks } from './read-models/rebuild-read-models';
export type { RebuildProgress } from './read-models/read-model-projector';
