import { ActionItemTimers } from './action-item.timers';
import {
  AddActionItemHandler,
  ChangePostmortemStatusHandler,
  EditPostmortemSectionHandler,
  OpenPostmortemHandler,
  SetPostmortemPolicyHandler,
  UpdateActionItemHandler,
} from './postmortem.handlers';
import { GetPostmortemPolicyHandler } from './postmortem-policy.query';
import { GetPostmortemHandler } from './postmortem.query';
import { ResolvedIncidentsReactor } from './resolved-incidents.reactor';

/** The postmortem slice's providers, for the review module (one line there). */
export const POSTMORTEM_PROVIDERS = [
  OpenPostmortemHandler,
  EditPostmortemSectionHandler,
  ChangePostmortemStatusHandler,
  AddActionItemHandler,
  UpdateActionItemHandler,
  SetPostmortemPolicyHandler,
  GetPostmortemHandler,
  GetPostmortemPolicyHandler,
  ResolvedIncidentsReactor,
  ActionItemTimers,
];
