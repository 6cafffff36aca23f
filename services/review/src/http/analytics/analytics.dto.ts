import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsZonedInstant, NoControlChars, ZONED_INSTANT_RULE } from '@linchpin/platform';
import { RESPONSE_TIME_GROUPS } from '../../application/analytics/analytics.queries';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
/** Without `from`: this long before `to` (four whole weeks, README "Analytics"). */
export const DEFAULT_WINDOW_DAYS = 28;

/** The window and filters every analytics route takes. */
export class AnalyticsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: `Incidents detected at or after this time (default: ${DEFAULT_WINDOW_DAYS} days before \`to\`)` })
  @IsOptional()
  @IsString()
  @IsZonedInstant({ message: `from ${ZONED_INSTANT_RULE}` })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: `…and before this time, after \`from\` (default: ${DEFAULT_WINDOW_DAYS} days after \`from\`; without either, now)` })
  @IsOptional()
  @IsString()
  @IsZonedInstant({ message: `to ${ZONED_INSTANT_RULE}` })
  to?: string;

  @ApiPropertyOptional({ example: 'checkout', description: 'Only incidents of this catalog service (any case)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NoControlChars()
  service?: string;

  @ApiPropertyOptional({ example: 'payments', description: 'Only incidents of this team, by name (any case): the routed team, or the last a reassignment named' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlChars()
  team?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, description: 'Only incidents of this priority (the last triage decided)' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string;
}

export class ResponseTimesQueryDto extends AnalyticsQueryDto {
  @ApiPropertyOptional({ enum: RESPONSE_TIME_GROUPS, default: 'week', description: 'Group incidents by their service, team or priority, or by the ISO week or month (UTC) of their detection' })
  @IsOptional()
  @IsIn(RESPONSE_TIME_GROUPS)
  groupBy?: (typeof RESPONSE_TIME_GROUPS)[number];
}

export class AlertSourcesQueryDto extends AnalyticsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'How many sources, noisiest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class PagesQueryDto extends AnalyticsQueryDto {
  @ApiPropertyOptional({ enum: ['person'], default: 'person', description: 'Pages are counted per person (the one grouping today)' })
  @IsOptional()
  @IsIn(['person'])
  groupBy?: 'person';
}

export class DurationStatsDto {
  @ApiProperty({ description: 'Incidents of the group with this duration known' }) count!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Whole seconds; nearest rank (the lower middle of an even count); null when count is 0' }) median!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Whole seconds; nearest rank (the smallest duration at least 90 % of the group do not exceed); null when count is 0' }) p90!: number | null;
}

export class ResponseTimeGroupDto {
  @ApiProperty({ nullable: true, type: String, example: '2026-W48', description: 'The service, team or priority (null: incidents without one), ISO week `2026-W48` or month `2026-11`' })
  key!: string | null;
  @ApiProperty({ description: 'Incidents of the group detected in the window' }) incidents!: number;
  @ApiProperty({ type: DurationStatsDto, description: 'Time to detect of each incident, as `GET /review/incidents/{id}/metrics` gives it (`timeToDetect`)' }) mttd!: DurationStatsDto;
  @ApiProperty({ type: DurationStatsDto, description: 'Time to acknowledge (`timeToAcknowledge`)' }) mtta!: DurationStatsDto;
  @ApiProperty({ type: DurationStatsDto, description: 'Time to mitigate (`timeToMitigate`)' }) mttm!: DurationStatsDto;
  @ApiProperty({ type: DurationStatsDto, description: 'Time to resolve (`timeToResolve`)' }) mttr!: DurationStatsDto;
}

export class ResponseTimesDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: RESPONSE_TIME_GROUPS }) groupBy!: string;
  @ApiProperty({ type: [ResponseTimeGroupDto], description: 'By key; weeks and months in time order; null keys last' }) groups!: ResponseTimeGroupDto[];
}

export class AlertSourceDto {
  @ApiProperty({ example: 'prometheus', description: 'The `source` of `AlertFired`' }) source!: string;
  @ApiProperty({ description: '`AlertFired` events from it on incidents detected in the window' }) alerts!: number;
  @ApiProperty({ description: 'Distinct incidents among them' }) incidents!: number;
}

export class AlertSourcesDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [AlertSourceDto], description: 'Noisiest first (alerts, then incidents, then name)' }) sources!: AlertSourceDto[];
}

export class PersonPagesDto {
  @ApiProperty({ description: 'The person id paged (`name:<name>` for a page from before person ids)' }) personId!: string;
  @ApiProperty({ description: '`ResponderPaged` for them on incidents detected in the window' }) pages!: number;
  @ApiProperty({ description: 'Those paged outside the business hours of the incident’s catalog service (none known: Monday–Friday 09:00–17:00 UTC)' }) outOfHours!: number;
}

export class PagesDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [PersonPagesDto], description: 'Most paged first' }) people!: PersonPagesDto[];
}
