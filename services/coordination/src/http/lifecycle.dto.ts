import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from './schedule.dto';
import { INCIDENT_ROLES } from '../domain/response-roles';
import { IsNotBlank, NoControlChars, OpenApiSchema } from '@linchpin/platform';

/** On whose behalf (free text): recorded as the events' metadata.onBehalfOf; who acts is the token's principal. */
export class Actor {
  @ApiPropertyOptional({ example: 'alice from the support desk', description: 'On whose behalf (free text, recorded as metadata.onBehalfOf); who acts is the bearer token’s principal' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoControlChars()
  by?: string;
}

class Note extends Actor {
  @ApiPropertyOptional({ example: 'the fix is rolling out', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ChangeStatusDto extends Note {
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring'] })
  @IsIn(['investigating', 'identified', 'monitoring'])
  status!: 'investigating' | 'identified' | 'monitoring';
}

export class MitigateDto extends Note {}

export class ReopenDto extends Actor {
  @ApiProperty({ example: 'errors are back', maxLength: 2000 })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason!: string;
}

@OpenApiSchema({ oneOf: [{ required: ['personId'] }, { required: ['teamId'] }] })
export class ReassignDto extends Actor {
  @ApiPropertyOptional({ format: 'uuid', description: 'Page this person directly (exactly one of personId and teamId)' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Page this team by its escalation policy (exactly one of personId and teamId)" })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class EscalateDto extends Actor {}

export class AddRespondersDto extends Actor {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 20 })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  personIds!: string[];
}

export class SnoozeDto extends Actor {
  @ApiProperty({ format: 'date-time', example: '2026-03-03T10:00:00Z', description: 'When the responders are notified again; after now' })
  @IsInstant()
  until!: string;
}

export class UnsnoozeDto extends Actor {}

export class AssignRoleDto extends Actor {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;
}

export class EscalatedDto {
  @ApiProperty({ nullable: true, type: Number, description: 'The level reached (null when the policy was exhausted instead)' }) level!: number | null;
  @ApiProperty({ type: [String], description: 'Who was paged' }) paged!: string[];
}

export class RespondersAddedDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'One page per person, in order' }) pageIds!: string[];
}

export const ROLE_NAMES = INCIDENT_ROLES;
