export * from './review.module';
export * from './service';
export { AppModule as ReviewAppModule } from './app.module';
export { recordEntry, entryOf, timelineStream, ordered } from './domain/timeline';
export type { TimelineEntry, RecordEntry } from './domain/timeline';
export { asOf, applyEntry, emptySnapshot } from './domain/as-of';
export type { IncidentSnapshot } from './domain/as-of';
export { summarize } from './domain/summary';
export { GetTimelineHandler, GetTimelineQuery } from './application/queries';
