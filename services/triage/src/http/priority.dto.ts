import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { NoControlChars, IsNotBlank } from '@linchpin/platform';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

export class OverridePriorityDto {
  @ApiProperty({ enum: PRIORITIES }) @IsIn(PRIORITIES) priority!: (typeof PRIORITIES)[number];
  @ApiPropertyOptional({ enum: SEVERITIES, description: 'Default: from the priority (P1 SEV1 … P4 and P5 SEV4).' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: (typeof SEVERITIES)[number];
  @ApiProperty({ example: 'Checkout is down for every EU customer', description: 'Required: the timeline and the review show it.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason!: string;
  @ApiPropertyOptional({ example: 'alice from the support desk', description: 'On whose behalf (free text, recorded as metadata.onBehalfOf); who decides is the bearer token’s principal' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() by?: string;
}

export class ClearOverrideDto {
  @ApiPropertyOptional({ example: 'Back to the evidence' }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  @ApiPropertyOptional({ example: 'alice from the support desk', description: 'On whose behalf (free text, recorded as metadata.onBehalfOf); who decides is the bearer token’s principal' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() by?: string;
}
