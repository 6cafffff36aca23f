import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LIMITS, TARGET_KINDS, TargetKind } from '../domain/escalation/escalation-policy';
import { NoControlChars } from '@linchpin/platform';

export class EscalationTargetDto {
  @ApiProperty({ enum: TARGET_KINDS, description: 'person: that person; schedule: whoever it has on call when the level is reached; team: every member, in on-call order' })
  @IsIn(TARGET_KINDS as TargetKind[], { message: 'kind must be person, schedule or team' })
  kind!: TargetKind;

  @ApiProperty({ format: 'uuid', description: 'Not checked here: a target that gives nobody when its level is reached is skipped, with the reason' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class EscalationLevelDto {
  @ApiProperty({ type: [EscalationTargetDto], minItems: 1, maxItems: LIMITS.targetsPerLevel.max })
  @IsArray()
  @ArrayMinSize(LIMITS.targetsPerLevel.min)
  @ArrayMaxSize(LIMITS.targetsPerLevel.max)
  @ArrayUnique((t: EscalationTargetDto) => `${t?.kind}:${String(t?.id).toLowerCase()}`, { message: 'a level names each target once' })
  @ValidateNested({ each: true })
  @Type(() => EscalationTargetDto)
  targets!: EscalationTargetDto[];

  @ApiProperty({ minimum: 1, maximum: 1440, example: 15, description: 'Minutes before the next level is paged, unless someone acknowledged' })
  @IsInt()
  @Min(LIMITS.timeoutMinutes.min)
  @Max(LIMITS.timeoutMinutes.max)
  timeoutMinutes!: number;
}

export class EscalationPolicyFieldsDto {
  @ApiProperty({ example: 'payments primary' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(LIMITS.name.max)
  @NoControlChars()
  name!: string;

  @ApiProperty({ type: [EscalationLevelDto], minItems: 1, maxItems: 20, description: 'Paged in order: level 1 at once, each next one at the previous level’s timeout' })
  @IsArray()
  @ArrayMinSize(LIMITS.levels.min)
  @ArrayMaxSize(LIMITS.levels.max)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => EscalationLevelDto)
  levels!: EscalationLevelDto[];

  @ApiProperty({ minimum: 0, maximum: 9, example: 1, description: 'How many times the whole policy runs again after its last level (0: once)' })
  @IsInt()
  @Min(LIMITS.repeat.min)
  @Max(LIMITS.repeat.max)
  repeat!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440, description: 'Re-notify an acknowledged incident left untouched this long, again and again until resolved. Default: never' })
  @IsOptional()
  @IsInt()
  @Min(LIMITS.acknowledgementTimeoutMinutes.min)
  @Max(LIMITS.acknowledgementTimeoutMinutes.max)
  acknowledgementTimeoutMinutes?: number;
}

export class CreateEscalationPolicyDto extends EscalationPolicyFieldsDto {}

export class UpdateEscalationPolicyDto extends EscalationPolicyFieldsDto {
  @ApiPropertyOptional({ minimum: 1, description: 'The version you edited. When given and another version has been recorded since, the change is refused (409 naming `basedOnVersion`).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class PolicyVersionDto {
  @ApiProperty({ format: 'uuid' })
  policyId!: string;
  @ApiProperty({ minimum: 1 })
  version!: number;
}

export class EscalationPolicyDto extends EscalationPolicyFieldsDto {
  @ApiProperty({ format: 'uuid' })
  policyId!: string;
  @ApiProperty({ minimum: 1, description: '1 when created, +1 on every change (retirement included)' })
  version!: number;
  @ApiProperty({ enum: ['active', 'retired'] })
  status!: 'active' | 'retired';
  @ApiProperty({ nullable: true, type: Number })
  declare acknowledgementTimeoutMinutes?: number;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  retiredAt!: string | null;
}

export class EscalationPolicyPageDto {
  @ApiProperty({ type: [EscalationPolicyDto] })
  items!: EscalationPolicyDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' })
  nextCursor!: string | null;
}
