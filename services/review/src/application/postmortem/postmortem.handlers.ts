import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, NotFoundError } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { postmortemPolicies, postmortems } from '../../domain/streams';
import { priorityNameOf } from '../../domain/postmortem/postmortem-policy.decider';
import { priorityOf } from '../../domain/postmortem/postmortem-prefill';
import {
  AddActionItemCommand,
  ChangePostmortemStatusCommand,
  EditPostmortemSectionCommand,
  OpenPostmortemCommand,
  SetPostmortemPolicyCommand,
  UpdateActionItemCommand,
} from './postmortem.commands';
import { timelineEntries } from './timeline-entries';
import { assertIncidentInTeamScope } from '../team-scope';
import { idFor } from '../request-ids';

/** A responder opens the incident's postmortem, whatever its priority: 404 until review has heard of the incident. */
@CommandHandler(OpenPostmortemCommand)
export class OpenPostmortemHandler extends StoreCommandHandler implements ICommandHandler<OpenPostmortemCommand> {
  async execute({ incidentId, request }: OpenPostmortemCommand): Promise<void> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    const entries = await timelineEntries(this.store, incidentId);
    if (entries.length === 0) throw new NotFoundError('incident timeline', incidentId);
    await postmortems.handle(this.store, {
      type: 'OpenPostmortem',
      incidentId,
      eventId: newId(),
      trigger: 'responder',
      priority: priorityNameOf(priorityOf(entries)),
      requiredFor: null,
      policyVersion: null,
      context: this.contextOf(request),
    });
  }
}

@CommandHandler(EditPostmortemSectionCommand)
export class EditPostmortemSectionHandler extends StoreCommandHandler implements ICommandHandler<EditPostmortemSectionCommand> {
  async execute({ incidentId, section, text, request }: EditPostmortemSectionCommand): Promise<void> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    await postmortems.handle(this.store, { type: 'EditSection', incidentId, eventId: newId(), section, text, context: this.contextOf(request) });
  }
}

@CommandHandler(ChangePostmortemStatusCommand)
export class ChangePostmortemStatusHandler extends StoreCommandHandler implements ICommandHandler<ChangePostmortemStatusCommand> {
  async execute({ incidentId, from, to, reason, request }: ChangePostmortemStatusCommand): Promise<void> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    await postmortems.handle(this.store, { type: 'ChangePostmortemStatus', incidentId, eventId: newId(), from, to, reason, context: this.contextOf(request) });
  }
}

@CommandHandler(AddActionItemCommand)
export class AddActionItemHandler extends StoreCommandHandler implements ICommandHandler<AddActionItemCommand> {
  async execute({ incidentId, title, owner, dueDate, request }: AddActionItemCommand): Promise<{ actionItemId: string }> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    const actionItemId = idFor(request, `action-item:${incidentId}`);
    await postmortems.handle(this.store, { type: 'AddActionItem', incidentId, actionItemId, title, owner, dueDate, context: this.contextOf(request) });
    return { actionItemId };
  }
}

@CommandHandler(UpdateActionItemCommand)
export class UpdateActionItemHandler extends StoreCommandHandler implements ICommandHandler<UpdateActionItemCommand> {
  async execute({ incidentId, actionItemId, changes, request }: UpdateActionItemCommand): Promise<void> {
    await assertIncidentInTeamScope(this.store, request, incidentId);
    await postmortems.handle(this.store, { type: 'UpdateActionItem', incidentId, actionItemId, eventId: newId(), changes, context: this.contextOf(request) });
  }
}

@CommandHandler(SetPostmortemPolicyCommand)
export class SetPostmortemPolicyHandler extends StoreCommandHandler implements ICommandHandler<SetPostmortemPolicyCommand> {
  async execute({ requiredFor, request }: SetPostmortemPolicyCommand): Promise<void> {
    await postmortemPolicies.handle(this.store, { type: 'SetPostmortemPolicy', eventId: newId(), requiredFor, context: this.contextOf(request) });
  }
}
