import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotBlank, OpenApiSchema } from '@linchpin/platform';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DELIVERY_KINDS } from '../domain/delivery';

export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export const UPDATE_AUDIENCES = ['responders', 'internal', 'public'] as const;
export const UPDATE_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
/** An instant with its time and offset (`2026-03-01T14:00:00Z`, `…+02:00`): a date alone is not an estimate of a resolution time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// The phase by one of its names: `phase`, or `status` as clients from before audiences send it; not both.
@OpenApiSchema({ oneOf: [{ required: ['phase'] }, { required: ['status'] }] })
export class PostStatusUpdateDto {
  @ApiPropertyOptional({
    enum: UPDATE_AUDIENCES,
    default: 'internal',
    description:
      'Who it is for: `responders` (the incident\'s responders: sent to every person paged for the incident, on the contact method they ' +
      'were paged on, and on the timeline; not sent to subscriptions), `internal` ' +
      '(stakeholder webhook subscriptions) or `public` (subscriptions and the public status page). Default `internal`: an update ' +
      'reaches the public only when said so.',
  })
  @IsOptional()
  @IsIn(UPDATE_AUDIENCES)
  audience?: (typeof UPDATE_AUDIENCES)[number];

  @ApiPropertyOptional({ enum: UPDATE_STATUSES, description: 'The phase of the incident. Required unless `status` (its older name) is given.' })
  // Required when the older name is absent: a body with neither is a 400 naming `phase`.
  @ValidateIf((body: PostStatusUpdateDto) => body.status === undefined)
  @IsIn(UPDATE_STATUSES)
  phase?: (typeof UPDATE_STATUSES)[number];

  @ApiPropertyOptional({ enum: UPDATE_STATUSES, deprecated: true, description: 'The phase, by its older name (still accepted): send `phase` or `status`, not both.' })
  @IsOptional()
  @IsIn(UPDATE_STATUSES)
  status?: (typeof UPDATE_STATUSES)[number];

  @ApiPropertyOptional({
    example: 'A bad deploy of checkout; rolling back.',
    description: "Omit it to have the phase's template (`GET /comms/update-templates`) write it for the incident's service and priority.",
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  message?: string;

  @ApiPropertyOptional({ enum: UPDATE_IMPACTS, default: 'none', description: 'The impact, as Statuspage names it' })
  @IsOptional()
  @IsIn(UPDATE_IMPACTS)
  impact?: (typeof UPDATE_IMPACTS)[number];

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: '2026-03-01T14:00:00Z', description: 'Estimated resolution time, an instant with its offset; null or absent: none' })
  @IsOptional()
  @Matches(INSTANT, { message: 'eta must be an ISO 8601 instant with a time and an offset (2026-03-01T14:00:00Z)' })
  @IsISO8601({ strict: true })
  eta?: string | null;
}

export class UpdatePostedDto {
  @ApiProperty({ format: 'uuid' }) updateId!: string;
}

export class TemplateRefDto {
  @ApiProperty({ example: 'identified.P1', description: 'The phase, or `<phase>.<priority>` for a priority\'s override' }) id!: string;
  @ApiProperty({ example: 2, description: 'The version of the templates it was rendered from' }) version!: number;
}

export class StatusUpdateDto {
  @ApiProperty({ format: 'uuid' }) updateId!: string;
  @ApiProperty({ enum: UPDATE_AUDIENCES, description: 'Updates posted before audiences existed are `public`' }) audience!: string;
  @ApiProperty({ enum: UPDATE_STATUSES, description: 'The phase' }) phase!: string;
  @ApiProperty({ enum: UPDATE_STATUSES, description: 'The phase, by its older name' }) status!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: UPDATE_IMPACTS }) impact!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) eta!: string | null;
  @ApiProperty({ nullable: true, type: TemplateRefDto, description: 'The template the message was rendered from; null when written by hand' }) template!: TemplateRefDto | null;
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
  @ApiProperty({ enum: DELIVERY_KINDS, description: 'A page, a status update (the update-overdue and resolved notices too) or an action item reminder' }) kind!: string;
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
