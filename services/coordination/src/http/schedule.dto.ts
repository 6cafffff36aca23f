import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { OpenApiSchema, PageQueryDto, registerValidatorSchema } from '@linchpin/platform';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import {
  CLOCK_TIME_PATTERN,
  END_TIME_PATTERN,
  MAX_HANDOFF_HOURS,
  MAX_LAYERS,
  MAX_PARTICIPANTS,
  MAX_RESTRICTIONS,
  ROTATIONS,
  WEEKDAYS,
  instantOf,
  isTimeZone,
  wallOf,
} from '../domain/schedule';
import { NoControlChars } from '@linchpin/platform';

const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isTimeZone', validator: { validate: (value) => typeof value === 'string' && isTimeZone(value), defaultMessage: () => '$property must be an IANA time zone such as Europe/Berlin' } },
    options,
  );

const IsLocalDateTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocalDateTime',
      validator: {
        validate: (value) => typeof value === 'string' && wallOf(value) !== undefined,
        defaultMessage: () => '$property must be a local date-time YYYY-MM-DDTHH:MM (no offset: the schedule’s zone applies)',
      },
    },
    options,
  );

/** An instant with its zone spelled out (`Z` or an offset): a bare local time would be ambiguous. */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => typeof value === 'string' && instantOf(value) !== undefined,
        defaultMessage: () => '$property must be an ISO 8601 instant with Z or an offset, e.g. 2026-03-02T09:00:00Z',
      },
    },
    options,
  );
// Documented as an RFC 3339 date-time: each of those is an instant this accepts.
registerValidatorSchema('isInstant', { type: 'string', format: 'date-time' });

const IsAfter = (other: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isAfter',
      validator: {
        validate: (value, args) => {
          const earlier = (args?.object as Record<string, unknown> | undefined)?.[other];
          const [a, b] = [typeof value === 'string' ? instantOf(value) : undefined, typeof earlier === 'string' ? instantOf(earlier) : undefined];
          return a === undefined || b === undefined || a > b;
        },
        defaultMessage: () => `$property must be after ${other}`,
      },
    },
    options,
  );

const OnlyForCustom = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'onlyForCustom',
      validator: {
        validate: (value, args) => value === undefined || (args?.object as { rotation?: unknown } | undefined)?.rotation === 'custom',
        defaultMessage: () => '$property is only for a custom rotation',
      },
    },
    options,
  );

const RequiredForCustom = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'requiredForCustom',
      validator: {
        validate: (value, args) => value !== undefined || (args?.object as { rotation?: unknown } | undefined)?.rotation !== 'custom',
        defaultMessage: () => '$property is required for a custom rotation',
      },
    },
    options,
  );

export class RestrictionDto {
  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'], description: 'Days the window starts on' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  days!: (typeof WEEKDAYS)[number][];

  @ApiProperty({ example: '09:00', pattern: CLOCK_TIME_PATTERN.source, description: 'Local time the window opens' })
  @IsString()
  @Matches(CLOCK_TIME_PATTERN, { message: '$property must be HH:MM between 00:00 and 23:59' })
  start!: string;

  @ApiProperty({ example: '17:00', pattern: END_TIME_PATTERN.source, description: 'Local time it closes (excluded); 24:00 is midnight; not after start: the next day (22:00–06:00)' })
  @IsString()
  @Matches(END_TIME_PATTERN, { message: '$property must be HH:MM (or 24:00)' })
  end!: string;
}

/**
 * LOCAL_DATE_TIME_PATTERN, narrowed to dates of the calendar (wallOf refuses 2026-02-30 and years
 * before 100) so that the document promises no date the validator refuses; it leaves out 29 February.
 */
const CALENDAR_LOCAL_DATE_TIME =
  '^(0[1-9]\\d\\d|[1-9]\\d{3})-((0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)T([01]\\d|2[0-3]):[0-5]\\d$';

@OpenApiSchema({
  oneOf: [
    { properties: { rotation: { enum: ['custom'] } }, required: ['handoffHours'] },
    { properties: { rotation: { enum: ROTATIONS.filter((rotation) => rotation !== 'custom') } }, not: { required: ['handoffHours'] } },
  ],
})
export class LayerDto {
  @ApiPropertyOptional({ example: 'weekdays', description: 'Default: "Layer <n>"' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  name?: string;

  @ApiProperty({ type: [String], format: 'uuid', example: ['7a1c3f4e-1b2d-4c5e-8f90-a1b2c3d4e5f6'], description: 'Person ids in rotation order (any UUID for now: the people feature will check them)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @IsUUID('all', { each: true, message: 'each of $property must be a person id (UUID)' })
  participants!: string[];

  @ApiProperty({ enum: ROTATIONS, example: 'weekly' })
  @IsIn(ROTATIONS)
  rotation!: (typeof ROTATIONS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_HANDOFF_HOURS, example: 12, description: 'Hours between hand-offs: required for, and only for, a custom rotation' })
  @ValidateIf((layer: LayerDto) => layer.rotation === 'custom' || layer.handoffHours !== undefined)
  @RequiredForCustom()
  @OnlyForCustom()
  @IsInt()
  @Min(1)
  @Max(MAX_HANDOFF_HOURS)
  handoffHours?: number;

  @ApiProperty({ example: '2026-03-02T09:00', pattern: CALENDAR_LOCAL_DATE_TIME, description: 'Local date-time (schedule’s zone) of the first hand-off: the first participant starts then' })
  @IsString()
  @IsLocalDateTime()
  start!: string;

  @ApiPropertyOptional({ example: '09:00', pattern: CLOCK_TIME_PATTERN.source, description: 'Local time of every later hand-off. Default: the time of `start`' })
  @IsOptional()
  @IsString()
  @Matches(CLOCK_TIME_PATTERN, { message: '$property must be HH:MM between 00:00 and 23:59' })
  handoffTime?: string;

  @ApiPropertyOptional({ type: [RestrictionDto], description: 'Windows the layer is on call in; outside them it has nobody (a lower layer answers). Default: always on' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RESTRICTIONS)
  @ValidateNested({ each: true })
  @Type(() => RestrictionDto)
  restrictions?: RestrictionDto[];
}

export class ScheduleBodyDto {
  @ApiProperty({ example: 'Payments primary' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  @NoControlChars()
  name!: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone of every local time in the layers, daylight saving included' })
  @IsString()
  @IsTimeZone()
  timeZone!: string;

  @ApiProperty({ type: [LayerDto], description: 'Layer 1 first; where layers overlap the higher-numbered layer wins' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LAYERS)
  @ValidateNested({ each: true })
  @Type(() => LayerDto)
  layers!: LayerDto[];
}

export class UpdateScheduleDto extends ScheduleBodyDto {
  @ApiPropertyOptional({ minimum: 1, description: 'The version you edited: when another is in force, 409 `stale_version` and nothing changes' })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class OverrideBodyDto {
  @ApiProperty({ format: 'uuid', description: 'Who covers (any UUID for now: the people feature will check it)' })
  @IsUUID('all', { message: '$property must be a person id (UUID)' })
  personId!: string;

  @ApiProperty({ example: '2026-03-02T12:00:00Z' })
  @IsString()
  @IsInstant()
  from!: string;

  @ApiProperty({ example: '2026-03-02T18:00:00Z', description: 'Excluded; after `from`' })
  @IsString()
  @IsInstant()
  @IsAfter('from')
  to!: string;
}

export class OnCallQueryDto {
  @ApiPropertyOptional({ example: '2026-03-02T12:00:00Z', description: 'Any instant, past or future. Default: now' })
  @IsOptional()
  @IsString()
  @IsInstant()
  at?: string;
}

export class ShiftsQueryDto {
  @ApiPropertyOptional({ example: '2026-03-02T00:00:00Z', description: 'Default: now' })
  @IsOptional()
  @IsString()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-09T00:00:00Z', description: 'After `from`, at most 93 days later. Default: a week after `from`' })
  @IsOptional()
  @IsString()
  @IsInstant()
  to?: string;
}

/** `GET /coordination/schedules` takes the paging parameters only. */
export class SchedulesQueryDto extends PageQueryDto {}

export class ScheduleVersionDto {
  @ApiProperty({ format: 'uuid' })
  scheduleId!: string;
  @ApiProperty({ example: 1 })
  version!: number;
}

export class OverrideCreatedDto {
  @ApiProperty({ format: 'uuid' })
  overrideId!: string;
}

export class OverrideDto extends OverrideBodyDto {
  @ApiProperty({ format: 'uuid' })
  overrideId!: string;
}

export class ScheduleDto {
  @ApiProperty({ format: 'uuid' })
  scheduleId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  version!: number;
  @ApiProperty({ enum: ['active', 'retired'] })
  status!: string;
  @ApiProperty()
  timeZone!: string;
  @ApiProperty({ type: [LayerDto] })
  layers!: LayerDto[];
  @ApiProperty({ type: [OverrideDto], description: 'In the order added: the last added wins where two overlap' })
  overrides!: OverrideDto[];
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  retiredAt!: string | null;
}

export class SchedulePageDto {
  @ApiProperty({ type: [ScheduleDto] })
  items!: ScheduleDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' })
  nextCursor!: string | null;
}

export class LayerCandidateDto {
  @ApiProperty({ example: 1 })
  layer!: number;
  @ApiProperty()
  name!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Who this layer had then; null: nobody (before its start, or outside its restrictions)' })
  personId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  shiftStart!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  shiftEnd!: string | null;
  @ApiProperty()
  reason!: string;
}

export class OnCallDto {
  @ApiProperty({ format: 'uuid' })
  scheduleId!: string;
  @ApiProperty({ description: 'The version the answer was computed from (the one in force now)' })
  version!: number;
  @ApiProperty()
  timeZone!: string;
  @ApiProperty()
  at!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null: nobody is on call' })
  personId!: string | null;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'integer' }, { type: 'string', enum: ['override'] }], description: 'The layer that answered, or "override"' })
  layer!: number | 'override' | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  overrideId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  shiftStart!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  shiftEnd!: string | null;
  @ApiProperty()
  reason!: string;
  @ApiProperty({ type: [LayerCandidateDto], description: 'What each layer would have had: why not them' })
  layers!: LayerCandidateDto[];
}

export class ShiftDto {
  @ApiProperty({ format: 'uuid' })
  personId!: string;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['override'] }] })
  layer!: number | 'override';
  @ApiPropertyOptional({ nullable: true, type: String })
  overrideId!: string | null;
  @ApiProperty()
  start!: string;
  @ApiProperty()
  end!: string;
}

export class GapDto {
  @ApiProperty()
  start!: string;
  @ApiProperty()
  end!: string;
}

export class ShiftsDto {
  @ApiProperty({ format: 'uuid' })
  scheduleId!: string;
  @ApiProperty()
  version!: number;
  @ApiProperty()
  timeZone!: string;
  @ApiProperty()
  from!: string;
  @ApiProperty()
  to!: string;
  @ApiProperty({ type: [ShiftDto], description: 'In order; a shift cut by the range keeps its true bounds' })
  shifts!: ShiftDto[];
  @ApiProperty({ type: [GapDto], description: 'Stretches of the range with nobody on call' })
  gaps!: GapDto[];
}
