import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsInstant } from './schedule.dto';
import { IncidentListItemDto } from './incident-list.dto';

export class PersonOnCallQueryDto {
  @ApiPropertyOptional({ example: '2026-03-02T00:00:00Z', description: 'Default: now' })
  @IsOptional()
  @IsString()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-16T00:00:00Z', description: 'After `from`, at most 93 days later. Default: 14 days after `from`' })
  @IsOptional()
  @IsString()
  @IsInstant()
  to?: string;
}

export class PersonShiftDto {
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['override'] }], example: 2 }) layer!: number | 'override';
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) overrideId!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T08:00:00.000Z' }) start!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T16:00:00.000Z' }) end!: string;
}

export class NextOnCallDto extends PersonShiftDto {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ example: 'payments hours' }) scheduleName!: string;
}

export class PersonScheduleOnCallDto {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty({ example: 'payments hours' }) name!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ nullable: true, type: PersonShiftDto, description: 'Their shift holding `from`' }) current!: PersonShiftDto | null;
  @ApiProperty({ nullable: true, type: PersonShiftDto, description: 'Their first shift starting after `from`, before `to`' }) next!: PersonShiftDto | null;
  @ApiProperty({ type: [PersonShiftDto], description: 'Every shift of theirs in the range, in order' }) shifts!: PersonShiftDto[];
}

export class PersonTeamDto {
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty({ example: 'payments' }) name!: string;
  @ApiProperty({ example: 1 }) onCallOrder!: number;
}

export class PersonOnCallDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ example: 'alice' }) name!: string;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ description: 'On call at `from` on at least one schedule' }) onCallNow!: boolean;
  @ApiProperty({ nullable: true, type: NextOnCallDto, description: 'The soonest shift start after `from` over every schedule; null when none before `to`' }) nextOnCall!: NextOnCallDto | null;
  @ApiProperty({ type: [PersonScheduleOnCallDto], description: 'Every active schedule they take part in (a layer participant or an override)' }) schedules!: PersonScheduleOnCallDto[];
  @ApiProperty({ type: [PersonTeamDto], description: 'Every active team they belong to' }) teams!: PersonTeamDto[];
  @ApiProperty({ type: [IncidentListItemDto], description: 'Unresolved incidents they were paged for, newest first' }) openIncidents!: IncidentListItemDto[];
}
