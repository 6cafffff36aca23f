import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { ExplainAlertHandler, ExplainSignalHandler, GetAlertHandler, GetIncidentAlertsHandler } from './application/alert-queries';
import { AlertsProjection } from './application/alerts.projection';
import { ListChangesHandler, RecordChangeHandler, ReportChangeHandler } from './application/changes';
import { ChangesProjection } from './application/changes.projection';
import { CorrelationPoliciesProjection, IntegrationsProjection, MaintenanceProjection } from './application/config-projections';
import {
  CancelMaintenanceHandler,
  ChangeIntegrationSettingsHandler,
  CreateIntegrationHandler,
  RevokeIntegrationKeyHandler,
  ScheduleMaintenanceHandler,
  SetCorrelationPolicyHandler,
} from './application/configuration.handlers';
import { EvaluateLogLinesHandler } from './application/evaluate-log-lines.handler';
import { IncidentResolvedReactor } from './application/incident-resolved.reactor';
import { IncidentMergesReactor } from './application/incident-merges.reactor';
import { AlertEventsReactor } from './application/alert-events.reactor';
import { HeartbeatMonitor } from './application/heartbeat.monitor';
import { RecordHeartbeatHandler } from './application/heartbeats';
import { IngestSignalsHandler } from './application/ingest-signals.handler';
import { IntegrationKeys } from './application/integration-keys';
import { RateLimiter } from './application/rate-limiter';
import { ALERT_GROUP_STREAM_PREFIX, ALERT_STREAM_PREFIX, CHANGE_STREAM_PREFIX, DETECTION_STREAM_PREFIX, HEARTBEAT_STREAM_PREFIX, MAINTENANCE_STREAM_PREFIX } from './domain/streams';
import { AlertGroupSendersController } from './http/alert-group-senders.controller';
import { ChangesController } from './http/changes.controller';
import { ConfigurationController } from './http/configuration.controller';
import { DetectionController } from './http/detection.controller';
import { HeartbeatController } from './http/heartbeat.controller';
import { LogsController } from './http/logs.controller';
import { PagerDutyChangeController } from './http/pagerduty-change.controller';
import { PagerDutyController } from './http/pagerduty.controller';
import { PagerDutyAdmission } from './http/pagerduty-admission';
import { ReportsController } from './http/reports.controller';

/** Detection: needs the kernel ports from InfrastructureModule in the root module. */
@Module({
  imports: [
    CqrsModule,
    RelayModule.forFeature({
      context: 'detection',
      streamPrefixes: [ALERT_STREAM_PREFIX, DETECTION_STREAM_PREFIX, ALERT_GROUP_STREAM_PREFIX, HEARTBEAT_STREAM_PREFIX, CHANGE_STREAM_PREFIX, MAINTENANCE_STREAM_PREFIX],
    }),
  ],
  controllers: [
    DetectionController,
    AlertGroupSendersController,
    PagerDutyController,
    PagerDutyChangeController,
    ReportsController,
    LogsController,
    ConfigurationController,
    HeartbeatController,
    ChangesController,
  ],
  providers: [
    IngestSignalsHandler,
    EvaluateLogLinesHandler,
    GetIncidentAlertsHandler,
    GetAlertHandler,
    ExplainAlertHandler,
    ExplainSignalHandler,
    AlertsProjection,
    IntegrationsProjection,
    MaintenanceProjection,
    CorrelationPoliciesProjection,
    IntegrationKeys,
    RateLimiter,
    PagerDutyAdmission,
    AlertEventsReactor,
    IncidentResolvedReactor,
    IncidentMergesReactor,
    CreateIntegrationHandler,
    ChangeIntegrationSettingsHandler,
    RevokeIntegrationKeyHandler,
    ScheduleMaintenanceHandler,
    CancelMaintenanceHandler,
    SetCorrelationPolicyHandler,
    RecordHeartbeatHandler,
    HeartbeatMonitor,
    RecordChangeHandler,
    ReportChangeHandler,
    ChangesProjection,
    ListChangesHandler,
  ],
})
export class DetectionModule {}
