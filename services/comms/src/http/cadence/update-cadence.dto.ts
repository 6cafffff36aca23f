import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { OpenApiSchema } from '@linchpin/platform';
import { BUILT_IN_CADENCE, CADENCE_MINUTES } from '../../domain/cadence/update-cadence';

const MINUTES = {
  type: 'integer' as const,
  minimum: CADENCE_MINUTES.min,
  maximum: CADENCE_MINUTES.max,
  nullable: true,
  description: 'Minutes an open incident of this priority may go without a status update; null: no cadence',
};

// Checked by validateCadence (not by decorators): each failing field is named.
@OpenApiSchema({ additionalProperties: false })
class CadenceTableDto {
  @ApiProperty(MINUTES) P1!: number | null;
  @ApiProperty(MINUTES) P2!: number | null;
  @ApiProperty(MINUTES) P3!: number | null;
  @ApiProperty(MINUTES) P4!: number | null;
  @ApiProperty(MINUTES) P5!: number | null;
}

export class UpdateCadenceChangeDto {
  @ApiProperty({
    type: CadenceTableDto,
    example: BUILT_IN_CADENCE,
    description: `All five priorities, whole minutes from ${CADENCE_MINUTES.min} to ${CADENCE_MINUTES.max} or null (no cadence). Each failing field is named (\`cadence.P1\`).`,
  })
  // Checked field by field after this, so each error names its field.
  @IsObject()
  cadence!: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why this version: kept with it and shown in its history.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'The version you edited. When another version has been published since, the change is refused (409 `update_cadence_stale` naming `basedOnVersion`).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class UpdateCadenceViewDto {
  @ApiProperty({ example: 'default' }) policyId!: string;
  @ApiProperty({ example: 1, description: 'Each incident runs under the version in force when it opened (its UpdateOverdue names it).' }) version!: number;
  @ApiProperty({ type: CadenceTableDto, example: BUILT_IN_CADENCE }) cadence!: CadenceTableDto;
  @ApiProperty({ description: 'True for version 1, the built-in default (never stored).' }) builtIn!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) versionedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who published it (the actor of the token that did).' }) versionedBy!: string | null;
}

export class UpdateCadenceChangedDto extends UpdateCadenceViewDto {
  @ApiProperty({ description: 'False when the table was that of the current version: no new version was published.' }) changed!: boolean;
}

export class UpdateCadenceVersionsDto {
  @ApiProperty({ type: [UpdateCadenceViewDto], description: 'Oldest first, the built-in version 1 first' }) items!: UpdateCadenceViewDto[];
}

class NotifiedDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['communications-lead', 'commander'] }) role!: string;
}

export class IncidentCadenceDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ enum: ['open', 'closed'], description: 'closed: resolved or merged; a reopened incident is open again' }) status!: string;
  @ApiProperty({ nullable: true, enum: ['P1', 'P2', 'P3', 'P4', 'P5'] }) priority!: string | null;
  @ApiProperty({ nullable: true, type: Number }) cadenceMinutes!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The cadence version in force when the incident opened' }) cadenceVersion!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Its first page, as comms heard of it' }) openedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUpdateAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Null: no update due (closed, or no cadence at its priority)' }) nextUpdateDueAt!: string | null;
  @ApiProperty({ nullable: true, type: NotifiedDto, description: 'Who is told when it passes: the communications lead, else the commander; null: nobody' }) notifies!: NotifiedDto | null;
}
