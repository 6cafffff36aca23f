import { RequestContext, commandWith } from '@linchpin/platform';
import { ActionItem, PostmortemStatus, SectionName } from '../../domain/postmortem/postmortem.decider';
import { PriorityName } from '../../domain/postmortem/postmortem-policy.decider';

type Request = { request: RequestContext };

export class OpenPostmortemCommand extends commandWith<{ incidentId: string } & Request, void>() {}
export class EditPostmortemSectionCommand extends commandWith<{ incidentId: string; section: SectionName; text: string } & Request, void>() {}
export class ChangePostmortemStatusCommand extends commandWith<{ incidentId: string; from: PostmortemStatus; to: PostmortemStatus; reason: string | null } & Request, void>() {}
export class AddActionItemCommand extends commandWith<{ incidentId: string; title: string; owner: string; dueDate: string | null } & Request, { actionItemId: string }>() {}
export class UpdateActionItemCommand extends commandWith<
  { incidentId: string; actionItemId: string; changes: Partial<Pick<ActionItem, 'title' | 'owner' | 'dueDate' | 'status'>> } & Request,
  void
>() {}
export class SetPostmortemPolicyCommand extends commandWith<{ requiredFor: PriorityName[] } & Request, void>() {}
