import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { NoControlChars, OpenApiSchema, OutboundUrl } from '@linchpin/platform';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, IsUrl, Matches, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

export class ContactDto {
  @ApiProperty({
    example: 'https://hooks.example.com/alice',
    description:
      'http(s) URL that receives signed page webhooks. Refused: credentials in the URL (user:pass@, ?token=…) and loopback, private, link-local (metadata) or unspecified addresses unless OUTBOUND_ALLOW_CIDRS allows them',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @OutboundUrl()
  webhookUrl!: string;
}

/**
 * A member: a person by `personId`, or (the payload from before people existed, still accepted) a
 * `name` and `contact.webhookUrl`, which become a person with one webhook contact method.
 */
// One of: with personId a member is that person (name and contact are ignored), so exactly one branch holds.
@OpenApiSchema({ oneOf: [{ required: ['personId'] }, { required: ['name', 'contact'] }] })
export class MemberDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A person (`POST /coordination/people`); when given, `name` and `contact` are not' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ example: 'alice', description: 'Legacy: the member’s name, without `personId`' })
  @ValidateIf((m: MemberDto) => m.personId === undefined)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  @NoControlChars()
  name?: string;

  @ApiProperty({ example: 1, minimum: 1, description: 'Lowest is paged first; unique within the team' })
  @IsInt()
  @Min(1)
  onCallOrder!: number;

  @ApiPropertyOptional({ type: ContactDto, description: 'Legacy: the member’s webhook, without `personId`' })
  @ValidateIf((m: MemberDto) => m.personId === undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

export class CreateTeamDto {
  @ApiProperty({ example: 'payments', description: 'Unique, case-insensitive, trimmed; triage routes by this name' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  @NoControlChars()
  name!: string;

  @ApiProperty({ type: [MemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique((m: MemberDto) => m?.onCallOrder, { message: 'members must have unique onCallOrder values' })
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members!: MemberDto[];

  @ApiPropertyOptional({
    default: true,
    description: "Resolve the team's incidents when every alert of one has resolved at its source (detection's SignalsCleared).",
  })
  @IsOptional()
  @IsBoolean()
  autoResolve?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: "The team's default escalation policy" })
  @IsOptional()
  @IsUUID()
  defaultEscalationPolicyId?: string;
}

export class TeamMemberRefDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ example: 1, minimum: 1, description: 'Lowest is paged first; unique within the team' })
  @IsInt()
  @Min(1)
  onCallOrder!: number;
}

/** PUT: the team's whole new state. */
export class UpdateTeamDto {
  @ApiProperty({ example: 'payments', description: "The team's name: only its case or spacing may change (it is the routing key)" })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  @NoControlChars()
  name!: string;

  @ApiProperty({ type: [TeamMemberRefDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique((m: TeamMemberRefDto) => m?.onCallOrder, { message: 'members must have unique onCallOrder values' })
  @ValidateNested({ each: true })
  @Type(() => TeamMemberRefDto)
  members!: TeamMemberRefDto[];

  @ApiPropertyOptional({ description: 'Unchanged when omitted' })
  @IsOptional()
  @IsBoolean()
  autoResolve?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: "The team's default escalation policy; none when omitted" })
  @IsOptional()
  @IsUUID()
  defaultEscalationPolicyId?: string;
}

export class TeamCreatedDto {
  @ApiProperty({ format: 'uuid' })
  teamId!: string;
}

export class TeamDto {
  @ApiProperty({ format: 'uuid' })
  teamId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: ['active', 'retired'] })
  status!: string;
  @ApiProperty({ type: [TeamMemberRefDto] })
  members!: TeamMemberRefDto[];
  @ApiProperty()
  autoResolve!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  defaultEscalationPolicyId!: string | null;
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamDto] })
  items!: TeamDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' })
  nextCursor!: string | null;
}
