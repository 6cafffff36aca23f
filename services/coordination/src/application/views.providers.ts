import { ListIncidentsHandler } from './incident-list';
import { IncidentListProjection } from './incident-list.projection';
import { IncidentTriageReactor } from './incident-triage.reactor';
import { PersonOnCallHandler } from './person-oncall';

/** The views (the incident list, a person's on-call): one line in the feature module. */
export const VIEWS_PROVIDERS = [IncidentListProjection, IncidentTriageReactor, ListIncidentsHandler, PersonOnCallHandler];
