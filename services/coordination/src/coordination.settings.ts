import { IsOptional } from 'class-validator';
import { IsIntegerBetween, ServiceSettings } from '@linchpin/platform';

/** The injection token of the typed CoordinationSettings. */
export const COORDINATION_SETTINGS = 'linchpin:coordination:settings';

export interface CoordinationSettings {
  /** Minutes between the levels of a legacy team's default escalation policy (one level per member). */
  defaultEscalationMinutes: number;
}

/** Coordination's variables as the operator writes them. A bad number stops the start rather than quietly using the default. */
class CoordinationVariables {
  @IsOptional() @IsIntegerBetween(1, 1440, { message: 'must be an integer from 1 to 1440 (minutes)' }) COORDINATION_DEFAULT_ESCALATION_MINUTES?: string;
}

type Variables = Readonly<Partial<Record<keyof CoordinationVariables, string>>>;

/** Listed in COORDINATION_SERVICE (and so the standalone's): the platform validates the variables at start. */
export const coordinationSettings: ServiceSettings<CoordinationSettings> = {
  token: COORDINATION_SETTINGS,
  variables: CoordinationVariables,
  build: (variables: Variables) => ({
    defaultEscalationMinutes: variables.COORDINATION_DEFAULT_ESCALATION_MINUTES === undefined ? 15 : Number(variables.COORDINATION_DEFAULT_ESCALATION_MINUTES),
  }),
};
