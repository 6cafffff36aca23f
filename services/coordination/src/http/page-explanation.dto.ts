import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_KINDS } from '../domain/person.decider';

class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
}

class PageContactMethodDto {
  @ApiProperty({ format: 'uuid', description: 'The contact method the page went to (never its address)' }) id!: string;
  @ApiProperty({ enum: CONTACT_KINDS }) kind!: string;
}

class PolicyRefDto {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['policy', 'team-default'] }) source!: string;
}

class TargetDto {
  @ApiProperty({ enum: ['person', 'schedule', 'team'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ description: "The schedule's or team's version when the level was resolved" }) version?: number;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ nullable: true, description: 'The schedule layer (1-based) or `override` that chose the person', oneOf: [{ type: 'integer' }, { type: 'string', enum: ['override'] }] })
  layer?: number | 'override' | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) overrideId?: string | null;
  @ApiPropertyOptional({ description: "The person's place in the team's on-call order" }) onCallOrder?: number;
}

class PageLayerCandidateDto {
  @ApiProperty() layer!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty() reason!: string;
}

class OtherCandidateDto extends PageLayerCandidateDto {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
}

class ScheduleAnswerDto {
  @ApiProperty({ format: 'uuid' }) scheduleId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'integer' }, { type: 'string', enum: ['override'] }] }) layer!: number | 'override' | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) overrideId!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [PageLayerCandidateDto] }) layers!: PageLayerCandidateDto[];
}

class TeamMemberOrderDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() onCallOrder!: number;
}

class TeamAnswerDto {
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() version?: number;
  @ApiProperty({ type: [TeamMemberOrderDto] }) members!: TeamMemberOrderDto[];
}

class AlsoPagedDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: TargetDto }) via!: TargetDto;
}

class SkippedTargetRefDto {
  @ApiProperty({ enum: ['person', 'schedule', 'team'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
}

class SkippedDto {
  @ApiProperty({ type: SkippedTargetRefDto }) target!: SkippedTargetRefDto;
  @ApiProperty() reason!: string;
}

export class PageExplanationDto {
  @ApiProperty({ format: 'uuid' }) pageId!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'date-time' }) pagedAt!: string;
  @ApiProperty({ type: PersonRefDto }) person!: PersonRefDto;
  @ApiProperty({ type: PageContactMethodDto }) contactMethod!: PageContactMethodDto;
  @ApiProperty() escalationLevel!: number;
  @ApiProperty({ enum: ['level', 'acknowledgement-timeout', 'delivery-failed', 'notification-rule', 'sla-breached', 'exhausted', 'page'] }) cause!: string;
  @ApiProperty({ nullable: true, type: PolicyRefDto }) policy!: PolicyRefDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The pass (0: first)' }) repeat!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The level (1-based)' }) level!: number | null;
  @ApiProperty({ nullable: true, type: TargetDto }) target!: TargetDto | null;
  @ApiProperty({ nullable: true, type: ScheduleAnswerDto }) schedule!: ScheduleAnswerDto | null;
  @ApiProperty({ nullable: true, type: TeamAnswerDto }) team!: TeamAnswerDto | null;
  @ApiProperty({ type: [AlsoPagedDto] }) alsoPaged!: AlsoPagedDto[];
  @ApiProperty({ type: [OtherCandidateDto], description: "Who else the level's schedules had on call (other layers' candidates) and why not them" }) otherCandidates!: OtherCandidateDto[];
  @ApiProperty({ type: [SkippedDto] }) skipped!: SkippedDto[];
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) levelReason!: string | null;
}
