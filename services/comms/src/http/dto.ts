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

export class AttemptDto {
  @ApiProperty({ description: '1, then one more per retry a person requested (`POST /comms/deliveries/{id}/retry`)' }) round!: number;
  @ApiProperty({ description: '1 for the first attempt of its round' }) attempt!: number;
  @ApiProperty({ format: 'date-time', description: 'When it ended' }) at!: string;
  @ApiProperty({ nullable: true, type: Number, description: "The receiver's HTTP status, when it answered" }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'How long the attempt took, in ms (null for attempts recorded before it was measured)' }) latencyMs!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The real cause of a failed attempt (`connection refused (ECONNREFUSED) to …`, `receiver answered HTTP 503`); null when it succeeded' })
  error!: string | null;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'The `Linchpin-Delivery` header of every attempt' }) deliveryId!: string;
  @ApiProperty({ enum: ['awaiting-contact', 'pending', 'retrying', 'delivered', 'failed'] }) state!: string;
  @ApiProperty({ enum: ['delivered', 'failed'], nullable: true, type: String, description: 'The outcome once recorded, else null' }) outcome!: string | null;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ enum: ['page', 'status-update'] }) kind!: string;
  @ApiProperty({ format: 'uuid', description: 'The page (`pageId`) or status update delivered' }) subjectId!: string;
  @ApiProperty({ description: '`person:<id>/contact:<id>` or a webhook URL (pages), `subscription:<id>` (status updates)' }) target!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ description: 'The current round of attempts: 1, then one more per retry a person requested' }) round!: number;
  @ApiProperty({ description: 'Attempts made so far in this round' }) attempts!: number;
  @ApiProperty({ type: [AttemptDto] }) attemptLog!: AttemptDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the next attempt is due, while retrying' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The real cause of the last failure' }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the outcome was recorded, else null' }) recordedAt!: string | null;
}

export class DeadLettersDto {
  @ApiProperty({ type: [DeliveryDto], description: 'Deliveries failed for good, newest failure first; `error` is the cause' }) items!: DeliveryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' }) nextCursor!: string | null;
}

export class RetryStartedDto {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ description: 'The round of attempts this starts (2 for the first retry)' }) round!: number;
}
