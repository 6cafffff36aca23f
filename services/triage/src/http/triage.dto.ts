import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@linchpin/platform';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const STATUSES = ['open', 'queued', 'triaged', 'unpaged', 'acknowledged', 'resolved', 'all'] as const;

export class QueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only incidents routed to this team (untriaged ones have no team yet).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  team?: string;

  @ApiPropertyOptional({ description: 'Only incidents of this service (label `service`).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  service?: string;

  @ApiPropertyOptional({
    enum: STATUSES,
    default: 'open',
    description: '`open` = queued, triaged, unpaged and acknowledged; `all` includes resolved. `unpaged`: triaged, but nobody could be paged.',
  })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

}

const PAGED =
  "Whether coordination paged anyone: null until triage heard from coordination (it lags by the bus), true once someone was paged " +
  '(possibly the default route\'s team, when the routed team does not exist or has nobody to page), false when nobody could be.';
const PAGED_REASON = 'Coordination\'s words: who was paged and by which route (and why the default route was used), or why nobody was paged.';
const STATUS = '`unpaged`: triaged, but nobody could be paged (see `pagedReason`): a person must act. Acknowledged and resolved win over it.';

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
  @ApiProperty({ enum: ['queued', 'triaged', 'unpaged', 'acknowledged', 'resolved'], description: STATUS }) status!: string;
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
  @ApiProperty({ enum: ['queued', 'triaged', 'unpaged', 'acknowledged', 'resolved'], description: STATUS }) status!: string;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;
}

export class QueuePageDto {
  @ApiProperty({ type: [QueueItemDto] }) items!: QueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' }) nextCursor!: string | null;
}
