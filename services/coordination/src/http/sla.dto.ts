import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { OpenApiSchema } from '@linchpin/platform';
import { BUILT_IN_SLA_TARGETS, MINUTES, SLA_TARGETS } from '../domain/sla';

// validateTargets reads null as absent.
const MINUTES_SCHEMA = { type: 'integer' as const, minimum: MINUTES.min, maximum: MINUTES.max, nullable: true };

// Checked by validateTargets (not by decorators): a key it does not know is refused.
@OpenApiSchema({ additionalProperties: false })
class SlaPriorityTargetsDto {
  @ApiPropertyOptional({ ...MINUTES_SCHEMA, description: 'Minutes from the opening to the acknowledgement; absent: no acknowledge clock' })
  acknowledgeMinutes?: number;
  @ApiPropertyOptional({ ...MINUTES_SCHEMA, description: 'Minutes from the opening to the mitigation (not shorter than acknowledgeMinutes)' })
  mitigateMinutes?: number;
  @ApiPropertyOptional({ ...MINUTES_SCHEMA, description: 'Minutes from the opening to the resolution (not shorter than mitigateMinutes)' })
  resolveMinutes?: number;
}

@OpenApiSchema({ additionalProperties: false })
class SlaTargetTableDto {
  @ApiProperty({ type: SlaPriorityTargetsDto }) P1!: SlaPriorityTargetsDto;
  @ApiProperty({ type: SlaPriorityTargetsDto }) P2!: SlaPriorityTargetsDto;
  @ApiProperty({ type: SlaPriorityTargetsDto }) P3!: SlaPriorityTargetsDto;
  @ApiProperty({ type: SlaPriorityTargetsDto }) P4!: SlaPriorityTargetsDto;
  @ApiProperty({ type: SlaPriorityTargetsDto }) P5!: SlaPriorityTargetsDto;
}

export class SlaTargetsChangeDto {
  @ApiProperty({
    type: SlaTargetTableDto,
    example: BUILT_IN_SLA_TARGETS,
    description:
      'The targets of all five priorities (send `{}` for a priority without targets), whole minutes from 1 to 43200; per priority, ' +
      'acknowledge ≤ mitigate ≤ resolve. Each failing field is named (`targets.P1.acknowledgeMinutes`).',
  })
  // Checked field by field after this, so each error names its field.
  @IsObject()
  targets!: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why this version: kept with it and shown in its history.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'The version you edited. When given and another version has been published since, the change is refused (409 `sla_targets_stale` naming `basedOnVersion`).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class SlaTargetsViewDto {
  @ApiProperty({ example: 'default' }) policyId!: string;
  @ApiProperty({ example: 1, description: 'Each incident\'s clocks name the version they started under.' }) version!: number;
  @ApiProperty({ type: SlaTargetTableDto, example: BUILT_IN_SLA_TARGETS }) targets!: SlaTargetTableDto;
  @ApiProperty({ description: 'True for version 1, the built-in default (never stored).' }) builtIn!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) versionedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who published it: the actor of the token that did (`person:<id>`, `token:<id>`, `oidc:<sub>` or `admin`).' }) versionedBy!: string | null;
}

export class SlaTargetsChangedDto extends SlaTargetsViewDto {
  @ApiProperty({ description: 'False when the targets were those of the current version: no new version was published.' }) changed!: boolean;
}

export class SlaTargetVersionsDto {
  @ApiProperty({ type: [SlaTargetsViewDto], description: 'Oldest first, the built-in version 1 first' }) items!: SlaTargetsViewDto[];
}

class SlaClockDto {
  @ApiProperty({ enum: [...SLA_TARGETS] }) target!: string;
  @ApiProperty({ enum: ['running', 'met', 'breached', 'not-applicable'] }) status!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The priority\'s target; null: none' }) minutes!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt!: string | null;
  @ApiProperty({ description: 'From the incident\'s start to the stop, or to `at` while not stopped' }) elapsedSeconds!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Until due, while running' }) remainingSeconds!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) stoppedAt!: string | null;
  @ApiProperty({ nullable: true, enum: ['acknowledged', 'mitigated', 'resolved'] }) stoppedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) breachedAt!: string | null;
}

export class IncidentSlaDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ description: 'The SLA version the clocks run under (in force when the incident was opened)' }) slaVersion!: number;
  @ApiProperty({ nullable: true, enum: ['P1', 'P2', 'P3', 'P4', 'P5'] }) priority!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When coordination opened the incident: every clock counts from here' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The instant the answer describes' }) at!: string;
  @ApiProperty({ type: [SlaClockDto], description: 'acknowledge, mitigate, resolve' }) clocks!: SlaClockDto[];
}
