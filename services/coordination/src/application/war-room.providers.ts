import { StakeholderUpdatesReactor } from './stakeholder-updates.reactor';
import { SlaBreachReactor } from './sla-breach.reactor';

/** The war room's read side (stakeholder updates noted from comms) and the SLA breach's response: one line in the feature module. */
export const WAR_ROOM_PROVIDERS = [StakeholderUpdatesReactor, SlaBreachReactor];
