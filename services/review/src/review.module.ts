import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { GetTimelineHandler } from './application/queries';
import { IncidentEventsReactor } from './application/incident-events.reactor';
import { TimelineController } from './http/timeline.controller';
import { AddNoteHandler, CorrectNoteHandler } from './application/notes';
import { NotesController } from './http/notes.controller';
import { POSTMORTEM_STREAM_PREFIX, TIMELINE_STREAM_PREFIX } from './domain/streams';
import { GetIncidentMetricsHandler } from './application/metrics/incident-metrics.query';
import { IncidentMetricsController } from './http/metrics/incident-metrics.controller';
import { TimelineViewController } from './http/timeline-view/timeline-view.controller';
import { CatalogReactor } from './application/catalog.reactor';
import { GetAlertSourcesHandler, GetPagesHandler, GetResponseTimesHandler } from './application/analytics/analytics.queries';
import { AnalyticsController } from './http/analytics/analytics.controller';
import { AnalyticsViewController } from './http/analytics-view/analytics-view.controller';
import { READ_MODELS } from './read-models/read-model.port';
import { ReviewReadModels } from './read-models/review-read-models';
import { REVIEW_READ_MODELS } from './read-models/review-read-model-list';
import { ChangesReactor } from './application/changes.reactor';
import { ChangesKnownReader } from './application/changes-known';
import { POSTMORTEM_PROVIDERS } from './application/postmortem';
import { PostmortemController } from './http/postmortem/postmortem.controller';
import { PostmortemPolicyController } from './http/postmortem/postmortem-policy.controller';

/** Review: owns `timeline-` streams, reacts to every other context. */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'review', streamPrefixes: [TIMELINE_STREAM_PREFIX, POSTMORTEM_STREAM_PREFIX] })],
  controllers: [TimelineController, NotesController, IncidentMetricsController, AnalyticsController, TimelineViewController, AnalyticsViewController, PostmortemController, PostmortemPolicyController],
  providers: [
    GetTimelineHandler,
    IncidentEventsReactor,
    AddNoteHandler,
    CorrectNoteHandler,
    GetIncidentMetricsHandler,
    // Issue 16: review's one copy of the catalog (analytics and the changes read it), its persisted read models and the analytics over them.
    CatalogReactor,
    { provide: READ_MODELS, useValue: REVIEW_READ_MODELS },
    ReviewReadModels,
    GetResponseTimesHandler,
    GetAlertSourcesHandler,
    GetPagesHandler,
    // Issue 16: changes next to incidents, from review's own copies of the changes and the catalog.
    ChangesReactor,
    ChangesKnownReader,
    ...POSTMORTEM_PROVIDERS,
  ],
})
export class ReviewModule {}
