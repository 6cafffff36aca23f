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
import { POSTMORTEM_PROVIDERS } from './application/postmortem';
import { PostmortemController } from './http/postmortem/postmortem.controller';
import { PostmortemPolicyController } from './http/postmortem/postmortem-policy.controller';

/** Review: owns `timeline-` streams, reacts to every other context. */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'review', streamPrefixes: [TIMELINE_STREAM_PREFIX, POSTMORTEM_STREAM_PREFIX] })],
  controllers: [TimelineController, NotesController, IncidentMetricsController, PostmortemController, PostmortemPolicyController],
  providers: [GetTimelineHandler, IncidentEventsReactor, AddNoteHandler, CorrectNoteHandler, GetIncidentMetricsHandler, ...POSTMORTEM_PROVIDERS],
})
export class ReviewModule {}
