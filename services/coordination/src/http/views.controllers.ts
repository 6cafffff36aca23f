import { IncidentListController } from './incident-list.controller';
import { PersonOnCallController } from './person-oncall.controller';

/** The views' routes (the incident list, a person's on-call): one line in the feature module. */
export const VIEWS_CONTROLLERS = [IncidentListController, PersonOnCallController];
