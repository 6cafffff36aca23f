import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  CHANGE_CUSTOM_DETAILS_MAX_LENGTH,
  CHANGE_LINK_HREF_MAX_LENGTH,
  CHANGE_LINK_TEXT_MAX_LENGTH,
  CHANGE_MAX_LINKS,
  CHANGE_MAX_SERVICES,
  CHANGE_SERVICE_MAX_LENGTH,
  CHANGE_SOURCE_MAX_LENGTH,
  CHANGE_SUMMARY_MAX_LENGTH,
} from '@linchpin/contracts';
import { IsNotBlank, IsZonedInstant, MaxUtf16Length, NoControlChars, PageQueryDto } from '@linchpin/platform';

export class ChangeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'checkout', description: 'A service that changed (any case; a change naming several is listed under each); every service when left out' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(200)
  @NoControlChars()
  service?: string;
}

export class ChangeLinkDto {
  @ApiProperty({ example: 'https://acme.pagerduty.dev/build/2', description: 'As the sender gave it: never fetched by Linchpin, not checked (show it as a link from the sender)' })
  href!: string;
  @ApiPropertyOptional({ example: 'View more details in Acme!' })
  text?: string;
}

export class ChangeDto {
  @ApiProperty({ format: 'uuid' }) changeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The integration whose key reported it; null when reported on `POST /detection/changes`' })
  integrationId!: string | null;
  @ApiProperty({ example: 'checkout', description: 'The first of `services` (the integration\'s service on PagerDuty\'s route)' }) service!: string;
  @ApiProperty({ type: [String], example: ['checkout'], description: 'Every service that changed' }) services!: string[];
  @ApiProperty({ example: 'Build Success: Increase snapshot create timeout to 30 seconds' }) summary!: string;
  @ApiProperty({ format: 'date-time', description: "When the change happened: the sender's timestamp, else when it was received. The list's order" }) at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The sender's timestamp; null when it gave none" }) timestamp!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When Linchpin received it' }) receivedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'acme-build-pipeline-tool-default-i-9999' }) source!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: CHANGE_CUSTOM_DETAILS_MAX_LENGTH,
    example: '{"build_state":"passed","build_number":"2"}',
    description: "The sender's custom_details as JSON text, cut at 16 KiB (see customDetailsTruncated); null when it gave none",
  })
  customDetails!: string | null;
  @ApiProperty() customDetailsTruncated!: boolean;
  @ApiProperty({ type: [ChangeLinkDto] }) links!: ChangeLinkDto[];
}

export class ChangePageDto {
  @ApiProperty({ type: [ChangeDto], description: 'Newest first' }) items!: ChangeDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` (with the same `service`) for the next page; null on the last' })
  nextCursor!: string | null;
}

/** A link the sender attaches to a change on the generic route (as on PagerDuty's). */
export class ReportedChangeLinkDto {
  @ApiProperty({ example: 'https://ci.example.com/deploys/481', maxLength: CHANGE_LINK_HREF_MAX_LENGTH, description: 'Kept as given, never fetched' })
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxUtf16Length(CHANGE_LINK_HREF_MAX_LENGTH)
  @NoControlChars()
  href!: string;

  @ApiPropertyOptional({ example: 'Deploy log', maxLength: CHANGE_LINK_TEXT_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxUtf16Length(CHANGE_LINK_TEXT_MAX_LENGTH)
  text?: string;
}


/** `POST /detection/changes`: a change reported by an authenticated sender, naming the services that changed. */
export class ReportChangeDto {
  @ApiProperty({ example: ['checkout', 'payments'], minItems: 1, maxItems: CHANGE_MAX_SERVICES, description: 'The services that changed (catalog names; repeats count once)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANGE_MAX_SERVICES)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @IsNotBlank({ each: true })
  @MaxUtf16Length(CHANGE_SERVICE_MAX_LENGTH, { each: true })
  @NoControlChars({ each: true })
  services!: string[];

  @ApiProperty({ example: 'Deploy checkout v2.4.1', maxLength: CHANGE_SUMMARY_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxUtf16Length(CHANGE_SUMMARY_MAX_LENGTH)
  summary!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-03-01T08:59:30Z', description: 'When the change happened at its source, with a zone. Default: when received' })
  @IsOptional()
  @IsString()
  @IsZonedInstant()
  timestamp?: string;

  @ApiPropertyOptional({ example: 'github-actions', maxLength: CHANGE_SOURCE_MAX_LENGTH, description: 'Where the change happened (the tool or host)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxUtf16Length(CHANGE_SOURCE_MAX_LENGTH)
  @NoControlChars()
  source?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { revision: 'a1b2c3d' }, description: 'Any JSON object; kept as JSON text cut at 16 KiB' })
  @IsOptional()
  @IsObject()
  customDetails?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [ReportedChangeLinkDto], maxItems: CHANGE_MAX_LINKS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CHANGE_MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => ReportedChangeLinkDto)
  links?: ReportedChangeLinkDto[];
}

export class ChangeReportedDto {
  @ApiProperty({ format: 'uuid', description: 'The recorded change (the same one again for a retry with the same Idempotency-Key)' }) changeId!: string;
}
