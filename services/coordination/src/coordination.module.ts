import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { AcknowledgeIncidentHandler, GetIncidentHandler, ResolveIncidentHandler } from './application/response.handlers';
import { CreateTeamHandler, GetTeamHandler, ListTeamsHandler, RetireTeamHandler, UpdateTeamHandler } from './application/team.handlers';
import { GetPersonHandler, ListPeopleHandler, RegisterPersonHandler, RetirePersonHandler, UpdatePersonHandler } from './application/person.handlers';
import { PeopleProjection } from './application/people.projection';
import { PeopleController } from './http/people.controller';
import { TeamsProjection } from './application/teams.projection';
import { PageFailuresReactor } from './application/page-failures.reactor';
import { PageDeliveriesReactor } from './application/page-deliveries.reactor';
import { TaskRemindersReactor } from './application/task-reminders.reactor';
import { PagingMetrics } from './application/paging.metrics';
import { ResponseMetrics } from './application/response.metrics';
import { SignalsClearedReactor } from './application/signals-cleared.reactor';
import { TriageDecisionsReactor } from './application/triage-decisions.reactor';
import { IncidentsController } from './http/incidents.controller';
import { TeamsController } from './http/teams.controller';
import {
  API_TOKEN_STREAM_PREFIX,
  ESCALATION_POLICY_STREAM_PREFIX,
  INCIDENT_SLA_STREAM_PREFIX,
  PERSON_STREAM_PREFIX,
  RESPONSE_STREAM_PREFIX,
  SCHEDULE_STREAM_PREFIX,
  SLA_POLICY_STREAM_PREFIX,
  TASK_STREAM_PREFIX,
  TEAM_STREAM_PREFIX,
} from './domain/streams';
import { SLA_PROVIDERS } from './application/sla.providers';
import { SlaController } from './http/sla.controller';
import {
  CreateEscalationPolicyHandler,
  GetEscalationPolicyHandler,
  ListEscalationPoliciesHandler,
  RetireEscalationPolicyHandler,
  UpdateEscalationPolicyHandler,
} from './application/escalation-policy.handlers';
import { EscalationPoliciesProjection } from './application/escalation-policies.projection';
import { EscalationPoliciesController } from './http/escalation-policies.controller';
import { SCHEDULE_PROVIDERS } from './application/schedule.providers';
import { SchedulesController } from './http/schedules.controller';
import { EscalationPlanner } from './application/escalation-plans';
import { EscalationTimers } from './application/escalation.timers';
import { ExplainPageHandler, PagesProjection } from './application/page-explanation';
import { PagesController } from './http/pages.controller';
import { VIEWS_PROVIDERS } from './application/views.providers';
import { VIEWS_CONTROLLERS } from './http/views.controllers';
import { PeopleWhatIfHandler } from './application/what-if.query';
import { WhatIfController } from './http/what-if.controller';
import { TASK_PROVIDERS } from './application/task.providers';
import { TasksController } from './http/tasks.controller';
import { LIFECYCLE_HANDLERS } from './application/lifecycle.handlers';
import { LifecycleController } from './http/lifecycle.controller';
import { WAR_ROOM_PROVIDERS } from './application/war-room.providers';
import { MERGE_PROVIDERS } from './application/merge.handlers';
import { MergeController } from './http/merge.controller';
import { API_TOKEN_PROVIDERS } from './application/api-token.handlers';
import { ApiTokensController } from './http/api-tokens.controller';
import { PreviewAcknowledgeLinkHandler } from './application/acknowledge-link';
import { AcknowledgeLinksController } from './http/acknowledge-links.controller';

/** Coordination: owns `team-`, `person-`, `response-`, `schedule-`, `escalationPolicy-` and `apiToken-` streams, reacts to triage, detection's SignalsCleared and comms' failed pages. */
@Module({
  imports: [
    CqrsModule,
    RelayModule.forFeature({
      context: 'coordination',
      streamPrefixes: [
        RESPONSE_STREAM_PREFIX,
        TEAM_STREAM_PREFIX,
        PERSON_STREAM_PREFIX,
        ESCALATION_POLICY_STREAM_PREFIX,
        SCHEDULE_STREAM_PREFIX,
        TASK_STREAM_PREFIX,
        SLA_POLICY_STREAM_PREFIX,
        INCIDENT_SLA_STREAM_PREFIX,
        API_TOKEN_STREAM_PREFIX,
      ],
    }),
  ],
  controllers: [
    TeamsController,
    PeopleController,
    IncidentsController,
    EscalationPoliciesController,
    SchedulesController,
    PagesController,
    WhatIfController,
    ...VIEWS_CONTROLLERS,
    TasksController,
    SlaController,
    LifecycleController,
    MergeController,
    ApiTokensController,
    AcknowledgeLinksController,
  ],
  providers: [
    CreateTeamHandler,
    GetTeamHandler,
    ListTeamsHandler,
    UpdateTeamHandler,
    RetireTeamHandler,
    RegisterPersonHandler,
    UpdatePersonHandler,
    RetirePersonHandler,
    GetPersonHandler,
    ListPeopleHandler,
    PeopleProjection,
    AcknowledgeIncidentHandler,
    ResolveIncidentHandler,
    GetIncidentHandler,
    TeamsProjection,
    TriageDecisionsReactor,
    PagingMetrics,
    ResponseMetrics,
    SignalsClearedReactor,
    PageFailuresReactor,
    PageDeliveriesReactor,
    TaskRemindersReactor,
    CreateEscalationPolicyHandler,
    UpdateEscalationPolicyHandler,
    RetireEscalationPolicyHandler,
    GetEscalationPolicyHandler,
    ListEscalationPoliciesHandler,
    EscalationPoliciesProjection,
    ...SCHEDULE_PROVIDERS,
    EscalationPlanner,
    EscalationTimers,
    PagesProjection,
    ExplainPageHandler,
    ...VIEWS_PROVIDERS,
    PeopleWhatIfHandler,
    ...TASK_PROVIDERS,
    ...SLA_PROVIDERS,
    ...LIFECYCLE_HANDLERS,
    ...WAR_ROOM_PROVIDERS,
    ...MERGE_PROVIDERS,
    ...API_TOKEN_PROVIDERS,
    PreviewAcknowledgeLinkHandler,
  ],
})
export class CoordinationModule {}
