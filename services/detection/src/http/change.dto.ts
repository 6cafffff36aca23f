import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHANGE_CUSTOM_DETAILS_MAX_LENGTH } from '@linchpin/contracts';
import { IsNotBlank, NoControlChars, PageQueryDto } from '@linchpin/platform';

export class ChangeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'checkout', description: "The service that changed (an integration's service, any case); every service when left out" })
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
  @ApiProperty({ format: 'uuid', description: 'The integration whose key reported it' }) integrationId!: string;
  @ApiProperty({ example: 'checkout', description: "The integration's service: the service that changed" }) service!: string;
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
