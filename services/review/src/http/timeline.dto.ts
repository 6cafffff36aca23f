import { ApiProperty } from '@nestjs/swagger';

export class StatusUpdateFactsDto {
  @ApiProperty({ enum: ['responders', 'internal', 'public'], description: 'Who it was for (updates posted before audiences: public)' }) audience!: string;
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved'] }) phase!: string;
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical'] }) impact!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Estimated resolution time' }) eta!: string | null;
}

export class EntryDto {
  @ApiProperty({ format: 'date-time', description: 'When the source context recorded the event' }) at!: string;
  @ApiProperty({ example: 'coordination' }) context!: string;
  @ApiProperty({ example: 'IncidentAcknowledged' }) type!: string;
  @ApiProperty({ example: 'user:alice' }) actor!: string;
  @ApiProperty({ example: 'Acknowledged by alice' }) summary!: string;
  @ApiProperty({ format: 'uuid', description: 'The source event id' }) eventId!: string;
  @ApiProperty({ type: StatusUpdateFactsDto, required: false, description: 'Only on a `StatusUpdatePosted` entry' }) statusUpdate?: StatusUpdateFactsDto;
}

export class PagedDto {
  @ApiProperty() responder!: string;
  @ApiProperty() team!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class LastUpdateDto {
  @ApiProperty({ description: 'The phase, by its older name' }) status!: string;
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved'] }) phase!: string;
  @ApiProperty({ enum: ['responders', 'internal', 'public'] }) audience!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class SnapshotDto {
  @ApiProperty({ enum: ['detected', 'triaged', 'acknowledged', 'resolved'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty({ nullable: true, type: String }) priority!: string | null;
  @ApiProperty({ nullable: true, type: String }) team!: string | null;
  @ApiProperty() alertCount!: number;
  @ApiProperty({ type: [PagedDto] }) paged!: PagedDto[];
  @ApiProperty({ nullable: true, type: String }) acknowledgedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: LastUpdateDto }) lastUpdate!: LastUpdateDto | null;
}

export class TimelineDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'date-time', required: false, description: 'Only with `?at=`' }) asOf?: string;
  @ApiProperty({ type: SnapshotDto, nullable: true, required: false, description: 'Only with `?at=`: the incident as it stood then (null if nothing was known yet)' })
  state?: SnapshotDto | null;
  @ApiProperty({ type: [EntryDto] }) entries!: EntryDto[];
}
