import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RequestContext, StoreCommandHandler, commandWith } from '@linchpin/platform';
import { NoteKind } from '../domain/notes';
import { timelines } from '../domain/streams';
import { assertIncidentInTeamScope } from './team-scope';
import { idFor } from './request-ids';

export interface NoteAddedView {
  incidentId: string;
  noteId: string;
  kind: NoteKind;
  text: string;
  about: string | null;
}

export interface NoteCorrectedView {
  incidentId: string;
  noteId: string;
  correctionId: string;
  text: string;
}

export class AddNoteCommand extends commandWith<{ incidentId: string; kind: NoteKind; text: string; about: string | null; request: RequestContext }, NoteAddedView>() {}

export class CorrectNoteCommand extends commandWith<{ incidentId: string; noteId: string; text: string; request: RequestContext }, NoteCorrectedView>() {}

/** A person's note on the timeline, as a review event; its author is the request's principal. */
@CommandHandler(AddNoteCommand)
export class AddNoteHandler extends StoreCommandHandler implements ICommandHandler<AddNoteCommand> {
  async execute({ incidentId, kind, text, about, request }: AddNoteCommand): Promise<NoteAddedView> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    // From the Idempotency-Key when given: a retry after a crash adds the same note, which the timeline holds once.
    const noteId = idFor(request, `note:${incidentId}`);
    await timelines.handle(this.store, { type: 'AddNote', incidentId, noteId, kind, text, about, context: this.contextOf(request) });
    return { incidentId, noteId, kind, text, about };
  }
}

/** A correction: a new event, the note as written stays. */
@CommandHandler(CorrectNoteCommand)
export class CorrectNoteHandler extends StoreCommandHandler implements ICommandHandler<CorrectNoteCommand> {
  async execute({ incidentId, noteId, text, request }: CorrectNoteCommand): Promise<NoteCorrectedView> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    const correctionId = idFor(request, `note-correction:${incidentId}:${noteId}`);
    await timelines.handle(this.store, { type: 'CorrectNote', incidentId, noteId, correctionId, text, context: this.contextOf(request) });
    return { incidentId, noteId, correctionId, text };
  }
}
