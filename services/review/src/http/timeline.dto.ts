import { ApiProperty } from '@nestjs/swagger';

export class EntryDto {
  @ApiProperty({ format: 'date-time', description: 'When the source context recorded the event' }) at!: string;
  @ApiProperty({ example: 'coordination' }) context!: string;
  @ApiProperty({ example: 'IncidentAcknowledged' }) type!: string;
  @ApiProperty({ example: 'user:alice' }) actor!: string;
  @ApiProperty({ example: 'Acknowledged by alice' }) summary!: string;
  @ApiProperty({ format: 'uuid', description: 'The source event id' }) eventId!: string;
}

export class PagedDto {
  @ApiProperty() responder!: string;
  @ApiProperty() team!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class LastUpdateDto {
  @ApiProperty() status!: string;
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
