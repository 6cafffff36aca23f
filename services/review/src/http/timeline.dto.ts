import { ApiProperty } from '@nestjs/swagger';

export class StatusUpdateFactsDto {
  @ApiProperty({ enum: ['responders', 'internal', 'public'], description: 'Who it was for (updates posted before audiences: public)' }) audience!: string;
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved'] }) phase!: string;
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical'] }) impact!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Estimated resolution time' }) eta!: string | null;
}

export class NoteFactsDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ enum: ['note', 'decision', 'annotation'] }) kind!: string;
  @ApiProperty({ description: 'Its text as last corrected' }) text!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The `eventId` of the entry it is about' }) about!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was last corrected, or null' }) correctedAt!: string | null;
}

export class EntryDto {
  @ApiProperty({ format: 'date-time', description: 'When the source context recorded the event (same as `recordedAt`, kept for older clients)' }) at!: string;
  @ApiProperty({ format: 'date-time', description: 'When the source context recorded the event; for a note or correction, when review recorded it' }) recordedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened at the source (its `metadata.occurredAt`); for an entry recorded before TimelineEntryRecorded v2, its record time' })
  occurredAt!: string;
  @ApiProperty({ example: 'coordination' }) context!: string;
  @ApiProperty({ example: 'IncidentAcknowledged' }) type!: string;
  @ApiProperty({ example: 'user:alice' }) actor!: string;
  @ApiProperty({ example: 'Acknowledged by alice' }) summary!: string;
  @ApiProperty({ format: 'uuid', description: 'The source event id; a note’s id; a correction’s id' }) eventId!: string;
  @ApiProperty({ type: StatusUpdateFactsDto, required: false, description: 'Only on a `StatusUpdatePosted` entry' }) statusUpdate?: StatusUpdateFactsDto;
  @ApiProperty({ type: NoteFactsDto, required: false, description: 'Only on a note (`TimelineNoteAdded`)' }) note?: NoteFactsDto;
  @ApiProperty({ format: 'uuid', required: false, description: 'Only on a correction (`TimelineNoteCorrected`): the note it corrects' }) correctionOf?: string;
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
