import { ApiProperty } from '@nestjs/swagger';

// Every description states the metric's definition (README "Metrics", definitions version 1): change both together.

export class MetricMomentsDto {
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The earliest source-side start among the incident’s own signals: `IncidentDetected.firstSignalAt`, and `startsAt` of each `AlertFired` / `AlertJoinedIncident` on its timeline (alerts moved in by a merge not included)' })
  firstSignalAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Event time of `IncidentDetected`' }) detectedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Event time of the first `IncidentAcknowledged`' }) acknowledgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: '`mitigatedAt` of the `IncidentMitigated`; without one, the final resolution’s time (see `mitigation`)' })
  mitigatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Event time of the last `IncidentResolved` not followed by an `IncidentReopened`' }) resolvedAt!: string | null;
}

export class UpdatesByAudienceDto {
  @ApiProperty({ description: '`StatusUpdatePosted` for the incident’s responders' }) responders!: number;
  @ApiProperty({ description: '`StatusUpdatePosted` for the organisation (stakeholder subscriptions)' }) internal!: number;
  @ApiProperty({ description: '`StatusUpdatePosted` for the public status page (a v1 update, from before audiences, counts here)' }) public!: number;
}

export class UpdatesSentDto {
  @ApiProperty({ description: 'Every `StatusUpdatePosted` of the incident' }) total!: number;
  @ApiProperty({ type: UpdatesByAudienceDto }) byAudience!: UpdatesByAudienceDto;
}

export class IncidentMetricsDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ example: 1, description: 'The version of these definitions (README "Metrics"); raised whenever one changes, so figures of different versions are not compared' })
  definitions!: number;
  @ApiProperty({ format: 'date-time', description: 'The moment the figures stand at: `?at` (only events that happened by then count), else the time of the answer' })
  asOf!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Whole seconds (rounded down, never negative: a later start is 0) from `moments.firstSignalAt` to `moments.detectedAt`; null without either' })
  timeToDetect!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Whole seconds from `IncidentDetected` to the first `IncidentAcknowledged`; null while (or if never) acknowledged, even when resolved' })
  timeToAcknowledge!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Whole seconds from `IncidentDetected` to the `IncidentMitigated` (its `mitigatedAt`); without one, to the final resolution (`mitigation: resolution`); null while neither',
  })
  timeToMitigate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Whole seconds from `IncidentDetected` to the last `IncidentResolved` no `IncidentReopened` followed; null while open or reopened' })
  timeToResolve!: number | null;
  @ApiProperty({ nullable: true, enum: ['recorded', 'resolution'], description: 'Where `timeToMitigate` ends: a recorded mitigation, or the final resolution when none was recorded' })
  mitigation!: 'recorded' | 'resolution' | null;
  @ApiProperty({ type: MetricMomentsDto, description: 'The event times the durations run between' }) moments!: MetricMomentsDto;
  @ApiProperty({ description: '`IncidentReopened` events' }) reopens!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The incident this one is merged into (`IncidentMerged`, undone by `IncidentUnmerged`): its response goes on there' })
  mergedInto!: string | null;
  @ApiProperty({
    description:
      'Escalation levels reached beyond the first: `EscalationLevelReached` other than level 1 of the first pass (a repeat of the policy and a level an SLA breach reached count; ' +
      'an escalation restarted by a reopen or reassignment starts at level 1 and does not). A timeline with no `EscalationLevelReached` (before escalation policies): the distinct `ResponderPaged.escalationLevel` above 1',
  })
  escalations!: number;
  @ApiProperty({ description: 'Distinct people (by person id) paged (`ResponderPaged`, `EscalationLevelReached.paged`) or added (`RespondersAdded`)' }) responders!: number;
  @ApiProperty({ description: '`ResponderPaged` events: each page of one person (levels, re-notifications, the fallback team, added responders)' }) pages!: number;
  @ApiProperty({ type: UpdatesSentDto, description: '`StatusUpdatePosted` events, by audience' }) updatesSent!: UpdatesSentDto;
  @ApiProperty({ description: '`SlaBreached` events (one per target breached)' }) slaBreaches!: number;
}
