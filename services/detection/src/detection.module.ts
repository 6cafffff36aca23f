import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { GetAlertHandler, GetIncidentAlertsHandler } from './application/alert-queries';
import { AlertsProjection } from './application/alerts.projection';
import { IncidentOpenerReactor } from './application/incident-opener.reactor';
import { IngestAlertHandler } from './application/ingest-alert.handler';
import { RecordedIncidents } from './application/recorded-incidents';
import { ALERT_STREAM_PREFIX, DETECTION_STREAM_PREFIX } from './domain/streams';
import { DetectionController } from './http/detection.controller';

/** Detection: needs the kernel ports from InfrastructureModule in the root module. */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'detection', streamPrefixes: [ALERT_STREAM_PREFIX, DETECTION_STREAM_PREFIX] })],
  controllers: [DetectionController],
  providers: [IngestAlertHandler, GetIncidentAlertsHandler, GetAlertHandler, AlertsProjection, IncidentOpenerReactor, RecordedIncidents],
})
export class DetectionModule {}
