import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LINK_KINDS, LinkKind } from '../domain/response-merge';
import { NoControlChars } from '@linchpin/platform';

/** On whose behalf (free text): recorded as the events' metadata.onBehalfOf; who acts is the token's principal. */
class Actor {
  @ApiPropertyOptional({ example: 'alice from the support desk', description: 'On whose behalf (free text, recorded as metadata.onBehalfOf); who acts is the bearer token’s principal' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoControlChars()
  by?: string;
}

class Reason extends Actor {
  @ApiPropertyOptional({ example: 'same outage: checkout and payments both depend on the database', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class MergeDto extends Reason {
  @ApiProperty({ format: 'uuid', description: 'The survivor: the incident this one is merged into' })
  @IsUUID()
  into!: string;
}

export class UnmergeDto extends Reason {}

export class LinkDto extends Actor {
  @ApiProperty({ format: 'uuid', description: 'The incident linked to' })
  @IsUUID()
  to!: string;

  @ApiProperty({ enum: LINK_KINDS, description: '`caused-by`: this incident was caused by `to`; `related-to`: they are related' })
  @IsIn(LINK_KINDS)
  kind!: LinkKind;
}

export class IncidentLinkDto {
  @ApiProperty({ format: 'uuid' }) to!: string;
  @ApiProperty({ enum: LINK_KINDS }) kind!: LinkKind;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) linkedAt!: string;
}

/** What `GET /coordination/incidents/{id}` gains with merge and link (documented here, returned with the incident). */
export class MergeViewDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The survivor this incident was merged into (act there); null while it stands on its own' })
  mergedInto!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) mergedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) mergedBy!: string | null;
  @ApiProperty({ type: [String], description: 'Incidents merged into this one' }) merged!: string[];
  @ApiProperty({ type: [IncidentLinkDto], description: 'Links made on this incident' }) links!: IncidentLinkDto[];
}
