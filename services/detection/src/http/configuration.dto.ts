import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INTEGRATION_KINDS } from '../domain/integration.decider';
import { HeartbeatSettingsDto } from './heartbeat.dto';
import { IsSmallLabelMap, MAX_LABEL_VALUE_LENGTH, MAX_LABELS } from './labels.validator';
import { IsLinearPattern } from './pattern.validator';
import { NoControlChars, OpenApiSchema } from '@linchpin/platform';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const FIELD = /^(source|summary|severity|(labels|annotations|details)\.[^.\s]+)$/;

export class FlappingDto {
  @ApiProperty({ example: 4, description: 'More state changes than this within the window is flapping.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  maxChanges!: number;

  @ApiProperty({ example: 1800 })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  windowSeconds!: number;
}

export class LogRuleDto {
  @ApiProperty({ example: 'gateway-timeouts' }) @IsString() @Matches(/^[\w.-]{1,100}$/) @NoControlChars() id!: string;
  @ApiProperty({ example: 'Payment gateway timeouts' }) @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() name!: string;
  @ApiProperty({
    example: 'gateway timeout',
    description:
      'Regular expression (JavaScript syntax) tested against each line, on a linear-time engine (RE2): backreferences and lookaround are refused.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsLinearPattern('flags')
  pattern!: string;
  @ApiPropertyOptional({ example: 'i', description: 'Among i, m, s, u, each once.' })
  @IsOptional()
  @Matches(/^(?!.*(.).*\1)[imsu]*$/, { message: 'flags must be among i, m, s and u, each once' })
  flags?: string;
  @ApiPropertyOptional({ enum: LEVELS, description: 'Only lines at this level or above count.' }) @IsOptional() @IsIn(LEVELS) level?: string;
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(100_000) threshold!: number;
  @ApiProperty({ example: 60 }) @IsInt() @Min(1) @Max(7 * 24 * 3600) windowSeconds!: number;
  @ApiProperty({ enum: SEVERITIES }) @IsIn(SEVERITIES) severity!: (typeof SEVERITIES)[number];
  @ApiPropertyOptional({ description: "The impacted service; default the integration's." }) @IsOptional() @IsString() @IsNotEmpty() @NoControlChars() service?: string;
}

// A PUT replaces every setting: an empty body would wipe them all, so it must set at least one.
@OpenApiSchema({ minProperties: 1 })
export class IntegrationSettingsDto {
  @ApiPropertyOptional({
    example: ['labels.alertname', 'labels.service'],
    description: "Fingerprint from these fields (source, summary, severity, labels.x, annotations.x, details.x) instead of the sender's key.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(FIELD, { each: true, message: 'each field must be source, summary, severity, or labels.<name>, annotations.<name>, details.<name>' })
  fingerprintFields?: string[];

  @ApiPropertyOptional({ type: FlappingDto, description: 'Default: more than 4 changes in 1800 s.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FlappingDto)
  flapping?: FlappingDto;

  @ApiPropertyOptional({ example: 120, description: 'Events a minute (PagerDuty endpoint), default 120.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number;

  @ApiPropertyOptional({ type: [LogRuleDto], description: 'For kind `logs`.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LogRuleDto)
  logRules?: LogRuleDto[];

  @ApiPropertyOptional({
    type: HeartbeatSettingsDto,
    description: 'Expect a beat (POST /detection/integrations/heartbeat/{key}, or any signal) at least every intervalMinutes; a missed one opens an incident.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => HeartbeatSettingsDto)
  heartbeat?: HeartbeatSettingsDto;
}

export class CreateIntegrationDto extends IntegrationSettingsDto {
  @ApiProperty({ example: 'Prometheus (prod)' }) @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() name!: string;
  @ApiProperty({ enum: INTEGRATION_KINDS }) @IsIn(INTEGRATION_KINDS) kind!: (typeof INTEGRATION_KINDS)[number];
  @ApiProperty({ example: 'checkout', description: "The service its alerts impact unless they carry a `service` label." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoControlChars()
  service!: string;
}

export class IntegrationDto {
  @ApiProperty({ format: 'uuid' }) integrationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INTEGRATION_KINDS }) kind!: string;
  @ApiProperty() service!: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status!: string;
  @ApiProperty({ description: "The key's last four characters." }) keyHint!: string;
  @ApiProperty({ description: 'Settings version, 1 at creation.' }) version!: number;
  @ApiProperty({ description: 'Where the sender posts (PagerDuty: /v2/enqueue with the key as routing_key, and its changes to /v2/change/enqueue).' }) endpoint!: string;
  @ApiProperty({ type: IntegrationSettingsDto }) settings!: IntegrationSettingsDto;
}

export class CreatedIntegrationDto extends IntegrationDto {
  @ApiProperty({ description: 'The secret key, shown only now; Linchpin keeps only its SHA-256.' }) key!: string;
}

export class MaintenanceWindowDto {
  @ApiProperty({ example: 'Database upgrade' }) @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() name!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) endsAt!: string;
  @ApiPropertyOptional({ example: ['checkout'], description: 'Alerts of these services match.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @NoControlChars({ each: true })
  services?: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: MAX_LABEL_VALUE_LENGTH },
    maxProperties: MAX_LABELS,
    example: { cluster: 'eu-1' },
    description: 'And alerts carrying all these labels.',
  })
  @IsOptional()
  @IsSmallLabelMap()
  labels?: Record<string, string>;
}

export class MaintenanceWindowViewDto extends MaintenanceWindowDto {
  @ApiProperty({ format: 'uuid' }) windowId!: string;
  @ApiProperty() cancelled!: boolean;
}

export class CorrelationPolicyDto {
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiProperty({ example: ['cluster'], description: 'Besides the service, alerts must share the values of these labels.' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @NoControlChars({ each: true })
  groupBy!: string[];
  @ApiProperty({ example: 900, description: "A new alert joins while the group's last alert is at most this old." })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  windowSeconds!: number;
}

export class CorrelationPolicyViewDto extends CorrelationPolicyDto {
  @ApiProperty() service!: string;
  @ApiProperty({ description: 'Recorded with every grouping as rule `service:<service>` v<version>.' }) version!: number;
}
