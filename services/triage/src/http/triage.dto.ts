import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { NoControlChars, PageQueryDto } from '@linchpin/platform';

/** The view's and queue's statuses: triage's own before anyone acknowledged the incident, then coordination's lifecycle. */
const VIEW_STATUSES = ['queued', 'triaged', 'unpaged', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'] as const;
const STATUSES = ['open', ...VIEW_STATUSES, 'all'] as const;

export class QueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only incidents routed to this team (untriaged ones have no team yet).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @NoControlChars()
  team?: string;

  @ApiPropertyOptional({ description: 'Only incidents of this service (label `service`).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @NoControlChars()
  service?: string;

  @ApiPropertyOptional({
    enum: STATUSES,
    default: 'open',
    description:
      '`open` = every status but resolved (queued, triaged, unpaged, acknowledged, investigating, identified, monitoring); `all` includes resolved. ' +
      '`unpaged`: triaged, but nobody could be paged. Merged incidents are left out under every status.',
  })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

}

const PAGED =
  "Whether coordination paged anyone: null until triage heard from coordination (it lags by the bus), true once someone was paged " +
  '(possibly the default route\'s team, when the routed team does not exist or has nobody to page), false when nobody could be.';
const PAGED_REASON = 'Coordination\'s words: who was paged and by which route (and why the default route was used), or why nobody was paged.';
const STATUS =
  'Before anyone acknowledged the incident (coordination\'s `triggered`, again after a reopen or a reassignment): `queued`, `triaged`, or ' +
  '`unpaged` (triaged, but nobody could be paged, see `pagedReason`: a person must act). From then on coordination\'s lifecycle: ' +
  '`acknowledged`, `investigating`, `identified`, `monitoring`, `resolved`.';

/** Triage's copy of one of coordination's SLA clocks (coordination's own, with its live counts, is SlaClockDto). */
class TriageSlaClockDto {
  @ApiProperty({ enum: ['acknowledge', 'mitigate', 'resolve'], description: 'What the clock measures: time to acknowledge, to mitigate, to resolve.' }) target!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: "The priority's target, in minutes from the incident's opening." }) minutes!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['running', 'met', 'breached'], description: '`met`: what it measures happened by `dueAt`; `breached`: `dueAt` passed first.' }) state!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When what it measures happened; null while it runs (or breached and still open).' }) stoppedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When coordination recorded the breach; null unless breached.' }) breachedAt!: string | null;
}

class SlaDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The SLA targets version the clocks started under (kept for the incident\'s life).' }) slaVersion!: number;
  @ApiProperty({ type: String, enum: ['P1', 'P2', 'P3', 'P4', 'P5'], nullable: true, description: 'The priority the targets are of; null when opened without one.' }) priority!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When coordination opened the incident: every clock counts from here.' }) startedAt!: string;
  @ApiProperty({ type: [TriageSlaClockDto], description: 'One per target the priority has (acknowledge, mitigate, resolve, in that order).' }) clocks!: TriageSlaClockDto[];
}

class MatrixRefDto {
  @ApiProperty({ example: 'itil-default' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

class RouteDto {
  @ApiProperty({ example: 'payments' }) team!: string;
  @ApiProperty({ example: 'routing-default/team-label', description: '<rule set>/<rule> that fired.' }) ruleId!: string;
  @ApiProperty({ example: 1 }) ruleVersion!: number;
  @ApiPropertyOptional({ example: 'payments-default', description: 'From the routing rule or the service catalog.' }) escalationPolicy?: string;
}

class EvidenceDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 4 }) suggestedImpact?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 4 }) suggestedUrgency?: number;
  @ApiProperty({ type: [String] }) impactedServices!: string[];
  @ApiProperty() alertCount!: number;
  @ApiPropertyOptional() usersAffected?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: 'Most critical tier among the services and their transitive dependents.' }) criticalTier?: number;
  @ApiPropertyOptional() criticalReason?: string;
}

export class TriageViewDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['critical', 'error', 'warning', 'info'] }) severity!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ type: String, nullable: true }) service!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ description: 'False while received but not (yet, or not successfully) triaged.' }) triaged!: boolean;
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4', 'P5'], nullable: true, description: 'In force now (after re-triage and overrides).' }) priority!: string | null;
  @ApiProperty({ enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'], nullable: true, description: 'Incident severity: from the priority unless set by an override.' }) incidentSeverity!: string | null;
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4', 'P5'], nullable: true, description: 'What the first triage decided.' }) initialPriority!: string | null;
  @ApiProperty({ description: 'A person holds the priority; automatic re-triage leaves it until cleared.' }) overridden!: boolean;
  @ApiProperty({ type: EvidenceDto, nullable: true, description: "Detection's latest assessment and the catalog's tier, as triage last received them." }) evidence!: EvidenceDto | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 4, description: 'ITIL impact, 1 extensive … 4 minor.' }) impact!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 4, description: 'ITIL urgency, 1 critical … 4 low.' }) urgency!: number | null;
  @ApiProperty({ type: MatrixRefDto, nullable: true }) matrix!: MatrixRefDto | null;
  @ApiProperty({ type: RouteDto, nullable: true }) route!: RouteDto | null;
  @ApiProperty({ type: [String], description: 'Inputs, matrix cell and routing rule, as sentences.' }) rationale!: string[];
  @ApiProperty({ type: Boolean, nullable: true, description: PAGED }) paged!: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: PAGED_REASON }) pagedReason!: string | null;
  @ApiProperty({ description: "True once coordination's escalation policy ran out unacknowledged (EscalationExhausted): the default route's team was paged." }) escalationExhausted!: boolean;
  @ApiProperty({ enum: VIEW_STATUSES, description: STATUS }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When coordination recorded the impact stopped (IncidentMitigated; distinct from the monitoring status).' })
  mitigatedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The survivor this incident was merged into; null while it stands on its own. A merged incident is not in the queue.' })
  mergedInto!: string | null;
  @ApiProperty({ type: SlaDto, nullable: true, description: "Coordination's SLA clocks for the incident, as triage last heard; null until they start." }) sla!: SlaDto | null;
  @ApiProperty({ format: 'date-time', description: 'When detection recorded the incident.' }) detectedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'First signal at its source.' }) firstSignalAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) triagedAt!: string | null;
}

class QueueItemDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4', 'P5'], nullable: true }) priority!: string | null;
  @ApiProperty({ description: 'False: received but not triaged; listed first.' }) triaged!: boolean;
  @ApiProperty({ type: Boolean, nullable: true, description: `${PAGED} False: listed first.` }) paged!: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: PAGED_REASON }) pagedReason!: string | null;
  @ApiProperty({ description: "True once coordination's escalation policy ran out unacknowledged (EscalationExhausted): the default route's team was paged." }) escalationExhausted!: boolean;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true }) service!: string | null;
  @ApiProperty() severity!: string;
  @ApiProperty({ enum: VIEW_STATUSES, description: STATUS }) status!: string;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The soonest due time among the running SLA clocks (to sort by urgency); null when none runs.' })
  slaDueAt!: string | null;
}

export class QueuePageDto {
  @ApiProperty({ type: [QueueItemDto] }) items!: QueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' }) nextCursor!: string | null;
}
