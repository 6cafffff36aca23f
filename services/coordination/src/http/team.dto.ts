import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { OutboundUrl } from '@linchpin/platform';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

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

export class MemberDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 1, minimum: 1, description: 'Lowest is paged first; unique within the team' })
  @IsInt()
  @Min(1)
  onCallOrder!: number;

  @ApiProperty({ type: ContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;
}

export class CreateTeamDto {
  @ApiProperty({ example: 'payments', description: 'Unique, case-insensitive, trimmed; triage routes by this name' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
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
  @ApiProperty({ type: [MemberDto] })
  members!: MemberDto[];
  @ApiProperty()
  autoResolve!: boolean;
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamDto] })
  items!: TeamDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' })
  nextCursor!: string | null;
}
