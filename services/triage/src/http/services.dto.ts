import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQueryDto } from '@linchpin/platform';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { CLOCK_TIME_PATTERN, END_TIME_PATTERN, isTimeZone, SERVICE_NAME_PATTERN, WEEKDAYS } from '../domain/service-catalog.decider';
import { NoControlChars } from '@linchpin/platform';

const NAME_RULE = 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters';

const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isTimeZone', validator: { validate: (value) => typeof value === 'string' && isTimeZone(value), defaultMessage: () => '$property must be an IANA time zone such as Europe/Berlin' } },
    options,
  );

const DiffersFromStart = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'differsFromStart',
      validator: {
        validate: (value, args) => value !== (args?.object as { start?: unknown } | undefined)?.start,
        defaultMessage: () => '$property must differ from start',
      },
    },
    options,
  );

export class BusinessHoursDto {
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone: the hours are local, daylight saving included.' })
  @IsString()
  @IsTimeZone()
  timezone!: string;

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  days!: (typeof WEEKDAYS)[number][];

  @ApiProperty({ example: '09:00', pattern: CLOCK_TIME_PATTERN.source })
  @IsString()
  @Matches(CLOCK_TIME_PATTERN, { message: '$property must be HH:MM between 00:00 and 23:59' })
  start!: string;

  @ApiProperty({
    example: '17:30',
    pattern: END_TIME_PATTERN.source,
    description: 'Excluded. 24:00 is the end of the day; an end before the start runs overnight into the next day.',
  })
  @IsString()
  @Matches(END_TIME_PATTERN, { message: '$property must be HH:MM between 00:00 and 24:00' })
  @DiffersFromStart()
  end!: string;
}

/** The fields PUT replaces: everything but the name. */
export class ServiceFieldsDto {
  @ApiPropertyOptional({ type: String, example: 'Checkout', nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoControlChars()
  displayName?: string | null;

  @ApiProperty({ minimum: 1, maximum: 4, example: 1, description: '1 is the most critical (customer-facing, revenue), 4 the least.' })
  @IsInt()
  @Min(1)
  @Max(4)
  tier!: 1 | 2 | 3 | 4;

  @ApiProperty({ example: 'payments' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  owningTeam!: string;

  @ApiPropertyOptional({ type: String, example: 'payments-critical', nullable: true, description: 'The escalation policy (coordination) that pages for it.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  escalationPolicy?: string | null;

  @ApiPropertyOptional({ type: BusinessHoursDto, nullable: true, description: 'When it is staffed; absent: always.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessHoursDto)
  businessHours?: BusinessHoursDto | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['payments-api'],
    default: [],
    description: 'Services it needs to work. They need not be registered yet; a service cannot depend on itself (409).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(SERVICE_NAME_PATTERN, { each: true, message: `each value in $property must be a service name: ${NAME_RULE}` })
  dependsOn?: string[];
}

export class CreateServiceDto extends ServiceFieldsDto {
  @ApiProperty({ example: 'checkout', pattern: SERVICE_NAME_PATTERN.source, description: `The value alerts carry in their \`service\` label: ${NAME_RULE}.` })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, { message: `$property must be ${NAME_RULE}` })
  @NoControlChars()
  name!: string;
}

export class UpdateServiceDto extends ServiceFieldsDto {
  @ApiPropertyOptional({ description: 'Ignored when equal to the name in the path (so a GET answer can be sent back); a service cannot be renamed.' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  name?: string;
}

export class ServicesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only services owned by this team.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoControlChars()
  team?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: 'Only services of this tier.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  tier?: number;

}

export class ServiceDto {
  @ApiProperty({ example: 'checkout' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ minimum: 1, maximum: 4 }) tier!: number;
  @ApiProperty() owningTeam!: string;
  @ApiProperty({ nullable: true, type: String }) escalationPolicy!: string | null;
  @ApiProperty({ type: BusinessHoursDto, nullable: true }) businessHours!: BusinessHoursDto | null;
  @ApiProperty({ type: [String], description: 'Sorted, without repeats.' }) dependsOn!: string[];
  @ApiProperty({ description: '1 at registration, +1 on every recorded change.' }) version!: number;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the current version was recorded.' }) updatedAt!: string;
}

export class ServicePageDto {
  @ApiProperty({ type: [ServiceDto], description: 'By name.' }) items!: ServiceDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' }) nextCursor!: string | null;
}

class DependentDto {
  @ApiProperty({ example: 'checkout' }) service!: string;
  @ApiProperty({ minimum: 1, maximum: 4 }) tier!: number;
  @ApiProperty({ type: [String], example: ['checkout', 'payments-api', 'payments-db'], description: 'From the dependent down to this service (shortest).' })
  path!: string[];
}

class CriticalityViaDto {
  @ApiProperty() service!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Set when the tier is a dependent\'s rather than its own.' }) dependent!: string | null;
  @ApiProperty({ type: [String] }) path!: string[];
}

class CriticalityDto {
  @ApiProperty({ minimum: 1, maximum: 4, description: 'Lowest of its own tier and its dependents\'.' }) tier!: number;
  @ApiProperty({ type: CriticalityViaDto }) via!: CriticalityViaDto;
  @ApiProperty({ example: 'payments-db is a dependency of tier-1 service checkout (checkout → payments-api → payments-db)' }) reason!: string;
}

export class DependentsDto {
  @ApiProperty() service!: string;
  @ApiProperty({ minimum: 1, maximum: 4, description: 'Its own tier.' }) tier!: number;
  @ApiProperty({ type: [DependentDto], description: 'Every service that needs it, directly or transitively; most critical first.' }) dependents!: DependentDto[];
  @ApiProperty({ type: CriticalityDto, description: 'How critical a failure of this service is, counting what depends on it.' }) criticality!: CriticalityDto;
}
