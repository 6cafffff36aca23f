import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSmallLabelMap, MAX_LABELS, MAX_LABEL_VALUE_LENGTH } from './labels.validator';
import { NoControlChars } from '@linchpin/platform';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

export class AlertDto {
  @ApiProperty({ example: 'prometheus', description: 'The monitoring system or integration that sent it.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @NoControlChars()
  source!: string;

  @ApiProperty({ example: 'Checkout error rate above 5%', description: 'Becomes the incident title when it opens one.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  summary!: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: (typeof SEVERITIES)[number];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: MAX_LABEL_VALUE_LENGTH },
    maxProperties: MAX_LABELS,
    example: { service: 'checkout', team: 'payments', impact: '2', urgency: '1' },
    description:
      'Identify the signal (they make the fingerprint) and steer triage: `service`, `team`, `impact` (1–4), `urgency` (1–4).',
  })
  @IsOptional()
  @IsSmallLabelMap()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Sender-chosen identity of the signal; replaces the computed fingerprint.', maxLength: 256 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @NoControlChars()
  dedupKey?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the signal began at its source. Default: when received.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'With status=resolved: when it ended at its source. Default: when received.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ enum: ['firing', 'resolved'], default: 'firing' })
  @IsOptional()
  @IsIn(['firing', 'resolved'])
  status?: 'firing' | 'resolved';
}

export class AlertAcceptedDto {
  @ApiProperty({ format: 'uuid', description: 'This signal, explained at GET /detection/signals/{signalId}.' })
  signalId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The alert; null only when a resolve found nothing ever fired.' })
  alertId!: string | null;
  @ApiProperty()
  fingerprint!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  incidentId!: string | null;
  @ApiProperty({ description: 'True when the fingerprint was already firing: counted, no new incident.' })
  deduplicated!: boolean;
  @ApiProperty({ enum: ['firing', 'resolved'] })
  status!: 'firing' | 'resolved';
  @ApiProperty({ enum: ['opened', 'grouped', 'deduplicated', 'resolved', 'acknowledged', 'suppressed', 'flapping', 'ignored'] })
  outcome!: string;
  @ApiProperty({ description: 'Why, in one sentence.' })
  reason!: string;
  @ApiPropertyOptional({ description: 'Why a resolve changed nothing.' })
  note?: string;
}

export class AlertViewDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty() source!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ enum: ['firing', 'resolved', 'suppressed'] }) status!: string;
  @ApiProperty({ description: 'How many times it was received while firing.' }) occurrences!: number;
  @ApiProperty({ description: 'Started firing again too often: it rejoined its last incident.' }) flapping!: boolean;
  @ApiProperty({ format: 'date-time', description: 'When it began at its source.' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When Linchpin last received it.' }) lastSeenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt!: string | null;
}

export class AlertWithIncidentDto extends AlertViewDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null while only ever suppressed.' }) incidentId!: string | null;
}

export class GroupingDto {
  @ApiProperty() groupId!: string;
  @ApiProperty({ example: 'service:checkout' }) ruleId!: string;
  @ApiProperty() ruleVersion!: number;
  @ApiProperty() opened!: boolean;
}

export class RepeatSampleDto {
  @ApiProperty({ format: 'uuid' }) signalId!: string;
  @ApiProperty({ description: "The repeat's raw payload, as JSON text." }) raw!: string;
  @ApiProperty() rawTruncated!: boolean;
}

export class RepeatBatchDto {
  @ApiProperty({ description: 'Repeats in the batch.' }) count!: number;
  @ApiProperty({ type: [String], description: 'The signal id each was answered with.' }) signalIds!: string[];
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ type: [RepeatSampleDto], description: "Raw payloads kept: the firing's first repeats only." }) samples!: RepeatSampleDto[];
}

export class SignalDecisionDto {
  @ApiProperty({ format: 'uuid' }) signalId!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: ['firing', 'resolved', 'acknowledged'] }) status!: string;
  @ApiProperty({ enum: ['opened', 'grouped', 'deduplicated', 'resolved', 'acknowledged', 'suppressed', 'flapping', 'ignored'] }) outcome!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) incidentId!: string | null;
  @ApiProperty({ type: GroupingDto, nullable: true }) grouping!: GroupingDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) maintenanceWindowId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The sender's start time." }) startsAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt!: string | null;
  @ApiProperty({ description: "The sender's object for this signal, as JSON text; for a batch of repeats its first sample's, empty when none was kept." }) raw!: string;
  @ApiProperty() rawTruncated!: boolean;
  @ApiPropertyOptional({ type: RepeatBatchDto, description: 'Repeats of the firing alert decided together; `signalId` is the first of them.' })
  repeats?: RepeatBatchDto;
}

export class SignalExplanationDto {
  @ApiProperty({ format: 'uuid' }) signalId!: string;
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ type: SignalDecisionDto, description: 'Its decision: its own, or its batch of repeats.' }) decision!: SignalDecisionDto;
  @ApiProperty({ type: String, nullable: true, description: 'Its own raw payload; null for a repeat whose raw was not kept.' }) raw!: string | null;
  @ApiProperty() rawTruncated!: boolean;
}

export class AlertExplanationDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) incidentId!: string | null;
  @ApiProperty({ enum: ['firing', 'resolved', 'suppressed'] }) status!: string;
  @ApiProperty({ description: 'The latest decision, in one sentence.' }) explanation!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ enum: ['sender-key', 'fields', 'generic'] }) fingerprintFrom!: string;
  @ApiProperty({ type: [String], nullable: true }) fingerprintFields!: string[] | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) integrationId!: string | null;
  @ApiProperty() sender!: string;
  @ApiProperty({ type: [SignalDecisionDto] }) signals!: SignalDecisionDto[];
}

export class IncidentAlertsDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ type: [AlertViewDto] }) alerts!: AlertViewDto[];
}
