import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { AddNoteCommand, CorrectNoteCommand, NoteAddedView, NoteCorrectedView } from '../application/notes';
import { AddNoteDto, CorrectNoteDto, NoteAddedDto, NoteCorrectedDto } from './notes.dto';

@ApiTags('review')
@Controller('review/incidents')
export class NotesController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/notes')
  @Access('responder')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a note, decision or annotation to an incident’s timeline',
    description:
      'Recorded as `TimelineNoteAdded` on the incident’s timeline, by the authenticated principal, shown as an entry of context `review`. ' +
      '`about` names an entry of this timeline by its `eventId` (409 `unknown_reference` naming `about` when it names none). ' +
      '404 until review has heard of the incident (it lags the other contexts by the bus).',
  })
  @ApiCreatedResponse({ type: NoteAddedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A blank or too long `text`, an unknown `kind`, an `about` that is no UUID' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Nothing is known (yet) about this incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`unknown_reference`: `about` names no entry of this timeline' })
  add(@Param('id', UuidParamPipe) id: string, @Body() body: AddNoteDto, @Req() request: IncomingRequest): Promise<NoteAddedView> {
    return this.commands.execute(new AddNoteCommand({ incidentId: id, kind: body.kind ?? 'note', text: body.text, about: body.about ?? null, request: requestContext(request) }));
  }

  @Post(':id/notes/:noteId/corrections')
  @Access('responder')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Correct a note: a new event, the note as written stays',
    description:
      'Recorded as `TimelineNoteCorrected`: the timeline shows the note with its current text and `correctedAt`, and the correction as an entry of its own. ' +
      'Only notes are corrected: an entry copied from another context is its fact (409 `not_a_note`).',
  })
  @ApiCreatedResponse({ type: NoteCorrectedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A blank or too long `text`' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident, or no such entry on its timeline' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`not_a_note`: the entry is another context’s fact; `nothing_to_correct`: the note already reads `text`' })
  correct(
    @Param('id', UuidParamPipe) id: string,
    @Param('noteId', UuidParamPipe) noteId: string,
    @Body() body: CorrectNoteDto,
    @Req() request: IncomingRequest,
  ): Promise<NoteCorrectedView> {
    return this.commands.execute(new CorrectNoteCommand({ incidentId: id, noteId, text: body.text, request: requestContext(request) }));
  }
}
