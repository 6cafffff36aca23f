import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotBlank, OutboundUrl } from '@linchpin/platform';
import { IsIn, IsOptional, IsString, IsUrl, IsUUID, MaxLength, MinLength } from 'class-validator';

export class CreateSubscriptionDto {
  @ApiProperty({
    example: 'https://status.example.com/hooks/linchpin',
    description:
      'http(s) URL that receives signed status updates. Refused: credentials in the URL (user:pass@, ?token=…) and loopback, private, link-local (metadata) or unspecified addresses unless OUTBOUND_ALLOW_CIDRS allows them',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @OutboundUrl()
  webhookUrl!: string;

  @ApiProperty({ minLength: 16, writeOnly: true, description: 'Signs the webhooks sent to this subscription; never returned by any read' })
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this incident; omit for every incident' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}

export class SubscriptionCreatedDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty() webhookUrl!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) incidentId!: string | null;
}

export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export class PostStatusUpdateDto {
  @ApiProperty({ enum: UPDATE_STATUSES })
  @IsIn(UPDATE_STATUSES)
  status!: (typeof UPDATE_STATUSES)[number];

  @ApiProperty({ example: 'A bad deploy of checkout; rolling back.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  message!: string;
}

export class UpdatePostedDto {
  @ApiProperty({ format: 'uuid' }) updateId!: string;
}

export class StatusUpdateDto {
  @ApiProperty({ format: 'uuid' }) updateId!: string;
  @ApiProperty({ enum: UPDATE_STATUSES }) status!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
}

export class StatusUpdatesDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ type: [StatusUpdateDto] }) updates!: StatusUpdateDto[];
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ enum: ['page', 'status-update'] }) kind!: string;
  @ApiProperty({ format: 'uuid', description: 'The page or status update delivered' }) subjectId!: string;
  @ApiProperty({ description: 'Webhook URL (pages) or `subscription:<id>` (status updates)' }) target!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}
