import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { IsNotBlank, MaxUtf16Length } from '@linchpin/platform';
import { TIMELINE_NOTE_MAX_LENGTH } from '@linchpin/contracts';
import { NOTE_KINDS, NoteKind } from '../domain/notes';

// A note may hold several lines (a decision and its reasons): no control-character rule, unlike one-line titles.
export class AddNoteDto {
  @ApiProperty({ example: 'Rolling back rather than fixing forward: the fix needs a schema change', maxLength: TIMELINE_NOTE_MAX_LENGTH, description: 'At most 4000 UTF-16 code units, as the event contract counts (an emoji is 2)' })
  @IsString()
  @IsNotBlank()
  @MaxUtf16Length(TIMELINE_NOTE_MAX_LENGTH)
  text!: string;

  @ApiPropertyOptional({ enum: NOTE_KINDS, default: 'note', description: 'A remark, a decision taken, or an annotation of one entry' })
  @IsOptional()
  @IsIn(NOTE_KINDS, { message: `kind must be one of ${NOTE_KINDS.join(', ')}` })
  kind?: NoteKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'The `eventId` of the entry of this timeline the note is about (409 `unknown_reference` naming `about` when there is none)' })
  @IsOptional()
  @IsUUID('all', { message: 'about must be the eventId (UUID) of an entry of this timeline' })
  about?: string;
}

export class CorrectNoteDto {
  @ApiProperty({ example: 'Rolled back release 42 (not 41)', maxLength: TIMELINE_NOTE_MAX_LENGTH, description: 'The note’s text from now on' })
  @IsString()
  @IsNotBlank()
  @MaxUtf16Length(TIMELINE_NOTE_MAX_LENGTH)
  text!: string;
}

export class NoteAddedDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'uuid', description: 'The note’s id: its `eventId` on the timeline' }) noteId!: string;
  @ApiProperty({ enum: NOTE_KINDS }) kind!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) about!: string | null;
}

export class NoteCorrectedDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ format: 'uuid', description: 'The correction’s id: its `eventId` on the timeline' }) correctionId!: string;
  @ApiProperty() text!: string;
}
