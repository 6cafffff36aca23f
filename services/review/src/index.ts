export * from './review.module';
export * from './service';
export { AppModule as ReviewAppModule } from './app.module';
export { timelineDecider, timelineStream, ordered } from './domain/timeline.decider';
export type { TimelineEntry, TimelineState, RecordEntry } from './domain/timeline.decider';
export { asOf, applyEntry, emptySnapshot } from './domain/as-of';
export type { IncidentSnapshot } from './domain/as-of';
export { summarize } from './domain/summary';
export { GetTimelineHandler, GetTimelineQuery } from './application/queries';
