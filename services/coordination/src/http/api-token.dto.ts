import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiTokenRoles } from '@linchpin/contracts';
import { IsInstant } from './schedule.dto';

const ROLES_DESCRIPTION =
  '`viewer` < `responder` < `incident-manager` < `admin` (a higher role may do what a lower may); `sender` for systems that post signals ' +
  '(not ranked: a sender-only token calls only sender routes)';

export class IssueApiTokenDto {
  @ApiProperty({ example: 'ci deploys', maxLength: 200, description: 'What the token is for: shown in lists, and as the principal’s name' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: [String], enum: ApiTokenRoles, example: ['responder'], description: ROLES_DESCRIPTION })
  @IsArray()
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @IsIn(ApiTokenRoles, { each: true, message: `each of roles must be one of ${ApiTokenRoles.join(', ')}` })
  roles!: string[];

  @ApiPropertyOptional({
    example: 'payments',
    maxLength: 200,
    description: 'A team coordination knows and has not retired (400 naming `team` otherwise): a holder below `incident-manager` acts only on its incidents',
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'team must not be blank' })
  @MaxLength(200)
  team?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person the token belongs to: registered and not retired (400 naming `personId` otherwise); recorded as the actor of what it does' })
  @IsOptional()
  @IsUUID('all', { message: '$property must be a person id (UUID)' })
  personId?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', format: 'date-time', description: 'When every service stops accepting it; in the future. Default: until revoked' })
  @IsOptional()
  @IsString()
  @IsInstant()
  expiresAt?: string;
}

export class RevokeApiTokenDto {
  @ApiPropertyOptional({ example: 'leaked in a build log', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason?: string;
}

export class ApiTokensQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque: the `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export class IssuedApiTokenDto {
  @ApiProperty({ format: 'uuid' }) tokenId!: string;
  @ApiProperty({
    example: 'lp_3q2-7wEjYt0vW0j5dQ6x9cC8l0Yb7oYq3P1r2s3t4u5',
    description: 'Shown this once: stored and published only as its sha256. Send it as `Authorization: Bearer <token>`',
  })
  token!: string;
  @ApiProperty({ example: 'lp_…t4u5', description: '`lp_…` and the last 4 characters, as lists show it' }) hint!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], enum: ApiTokenRoles }) roles!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The team as coordination names it' }) team!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) personId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
}

export class ApiTokenViewDto {
  @ApiProperty({ format: 'uuid' }) tokenId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'lp_…t4u5' }) hint!: string;
  @ApiProperty({ type: [String], enum: ApiTokenRoles }) roles!: string[];
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) personId!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'], description: '`expired` once `expiresAt` has passed, at the time of the read' }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ description: 'The actor who issued it' }) issuedBy!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokeReason!: string | null;
}

export class ApiTokenPageDto {
  @ApiProperty({ type: [ApiTokenViewDto] }) items!: ApiTokenViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end' }) nextCursor!: string | null;
}
