import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, ValidateBy, ValidateNested } from 'class-validator';
import { CLOCK_TIME_PATTERN, END_TIME_PATTERN, WEEKDAYS, Weekday, isTimeZone } from '../domain/schedule';
import { EscalationPolicyFieldsDto } from './escalation-policy.dto';
import { IsInstant, ScheduleBodyDto } from './schedule.dto';

/** Proposals per request: enough for any team's rotations, bounded so one request cannot ask for unbounded work. */
export const MAX_PROPOSALS = 50;

export class ProposedScheduleDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The stored schedule it replaces; an id coordination does not know adds it under that id (a proposed policy may target it); absent: added under a new id' })
  @IsOptional()
  @IsUUID('all', { message: '$property must be a schedule id (UUID)' })
  scheduleId?: string;

  @ApiProperty({ type: ScheduleBodyDto, description: 'As `POST /coordination/schedules` takes it, checked the same way' })
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleBodyDto)
  definition!: ScheduleBodyDto;
}

export class ProposedPolicyDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The policy it replaces: a stored one, or a team’s default policy (the id an incident’s `escalation.policyId` shows). Absent: added under a new id (no recorded incident follows it)',
  })
  @IsOptional()
  @IsUUID('all', { message: '$property must be a policy id (UUID)' })
  policyId?: string;

  @ApiProperty({ type: EscalationPolicyFieldsDto, description: 'As `POST /coordination/escalation-policies` takes it, checked the same way' })
  @IsObject()
  @ValidateNested()
  @Type(() => EscalationPolicyFieldsDto)
  definition!: EscalationPolicyFieldsDto;
}

export class WhatIfBusinessHoursDto {
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA zone the hours are read in, for everyone' })
  @IsString()
  @ValidateBy({ name: 'isTimeZone', validator: { validate: (v) => typeof v === 'string' && isTimeZone(v), defaultMessage: () => '$property must be an IANA time zone such as Europe/Berlin' } })
  timeZone!: string;

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  days!: Weekday[];

  @ApiProperty({ example: '09:00', pattern: CLOCK_TIME_PATTERN.source })
  @IsString()
  @Matches(CLOCK_TIME_PATTERN, { message: '$property must be HH:MM between 00:00 and 23:59' })
  start!: string;

  @ApiProperty({ example: '17:00', pattern: END_TIME_PATTERN.source, description: 'Excluded; after `start` (24:00 is midnight)' })
  @IsString()
  @Matches(END_TIME_PATTERN, { message: '$property must be HH:MM (or 24:00)' })
  end!: string;
}

export class PeopleWhatIfRequestDto {
  @ApiProperty({ example: '2026-03-01T00:00:00Z', description: 'Incidents paged at or after this instant…' })
  @IsString()
  @IsInstant()
  from!: string;

  @ApiProperty({ example: '2026-04-01T00:00:00Z', description: '…and before this one: after `from`, at most 93 days later' })
  @IsString()
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({ type: [ProposedScheduleDto], maxItems: MAX_PROPOSALS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROPOSALS)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => ProposedScheduleDto)
  schedules?: ProposedScheduleDto[];

  @ApiPropertyOptional({ type: [ProposedPolicyDto], maxItems: MAX_PROPOSALS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROPOSALS)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => ProposedPolicyDto)
  policies?: ProposedPolicyDto[];

  @ApiPropertyOptional({ type: WhatIfBusinessHoursDto, description: 'Default: each paged person’s own zone, 09:00–17:00 Monday to Friday' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WhatIfBusinessHoursDto)
  businessHours?: WhatIfBusinessHoursDto;
}
