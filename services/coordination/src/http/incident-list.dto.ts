import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageQueryDto } from '@linchpin/platform';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsInstant } from './schedule.dto';
import { INCIDENT_PRIORITIES, INCIDENT_STATUSES } from '../application/incident-list.views';
import { IncidentSlaDto } from './sla.dto';
import { NoControlChars } from '@linchpin/platform';

/** `?status=a&status=b` and `?status=a,b` alike: one list of trimmed values. */
const asList = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v]));
/** Only the words `true` and `false`; anything else is left for IsBoolean to refuse. */
const asBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class IncidentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: [String], enum: INCIDENT_STATUSES, example: ['triggered', 'acknowledged'], description: 'Any of these (repeat the parameter, or separate by commas)' })
  @IsOptional()
  @Transform(asList)
  @ArrayMaxSize(20)
  @IsIn(INCIDENT_STATUSES, { each: true })
  status?: string[];

  @ApiPropertyOptional({ type: [String], enum: INCIDENT_PRIORITIES, example: ['P1', 'P2'], description: 'Any of these (repeat the parameter, or separate by commas)' })
  @IsOptional()
  @Transform(asList)
  @ArrayMaxSize(20)
  @IsIn(INCIDENT_PRIORITIES, { each: true })
  priority?: string[];

  @ApiPropertyOptional({ example: 'payments', description: "The team's name (any case) or id: the team paged, or the routed team when nobody was" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlChars()
  team?: string;

  @ApiPropertyOptional({ example: 'checkout', description: 'The catalog service triage named (any case)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlChars()
  service?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person paged for the incident' })
  @IsOptional()
  @IsUUID()
  responder?: string;

  @ApiPropertyOptional({ example: '2026-03-01T00:00:00Z', description: 'Opened at or after' })
  @IsOptional()
  @IsString()
  @IsInstant()
  openedFrom?: string;

  @ApiPropertyOptional({ example: '2026-04-01T00:00:00Z', description: 'Opened before (after `openedFrom`)' })
  @IsOptional()
  @IsString()
  @IsInstant()
  openedTo?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '`false`: nobody could be paged, or the page of a triggered incident failed and nobody was reached' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  paged?: boolean;
}

export class IncidentEscalationSummaryDto {
  @ApiProperty({ nullable: true, type: Number, example: 2, description: 'The last level reached or skipped (1-based)' }) level!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0, description: 'Its pass (0: the first)' }) repeat!: number | null;
  @ApiProperty({ example: 2 }) levels!: number;
  @ApiProperty({ example: false, description: "True once the policy ran out unacknowledged and the default route's team was paged" }) exhausted!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-03-03T09:30:00.000Z' }) nextDeadlineAt!: string | null;
}

export class ResponderDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ example: 'alice' }) name!: string;
}

export class IncidentListItemDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Checkout is down' }) title!: string | null;
  @ApiProperty({ nullable: true, enum: INCIDENT_PRIORITIES, example: 'P1' }) priority!: string | null;
  @ApiProperty({ nullable: true, enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'], example: 'SEV1' }) severity!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'checkout', description: 'The catalog service triage named; null when none' }) service!: string | null;
  @ApiProperty({ enum: INCIDENT_STATUSES, example: 'triggered' }) status!: string;
  @ApiProperty({ example: 'payments' }) team!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) teamId!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T09:00:00.000Z', description: "When coordination opened the response (the list's order)" }) openedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-03-03T09:00:00.000Z', description: 'The first page; null when nobody was paged' }) pagedAt!: string | null;
  @ApiProperty({ example: true }) paged!: boolean;
  @ApiProperty({ example: 'on-call order: lowest onCallOrder (1) of team "payments"; …; routed by rule by-team v2' }) pagedReason!: string;
  @ApiProperty({ nullable: true, type: String, example: 'alice' }) acknowledgedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) acknowledgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: IncidentEscalationSummaryDto, description: 'null when no escalation started (nobody was paged)' }) escalation!: IncidentEscalationSummaryDto | null;
  @ApiProperty({ type: [ResponderDto], description: 'Everyone paged for it, once each, in the order first paged' }) responders!: ResponderDto[];
  @ApiProperty({
    nullable: true,
    type: IncidentSlaDto,
    description: 'Its SLA clocks as the war room and `GET …/sla` show them, counted at the request (`at`); null before they start (they lag the response by the bus)',
  })
  sla!: IncidentSlaDto | null;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentListItemDto] }) items!: IncidentListItemDto[];
  @ApiProperty({ nullable: true, type: String, example: 'WyIyMDI2LTAzLTAzVDA5OjAwOjAwLjAwMFoiLCIuLi4iXQ', description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}
