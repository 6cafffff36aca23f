import { IsOptional } from 'class-validator';
import { IsIntegerBetween, ServiceSettings } from '@linchpin/platform';

/** The injection token of the typed LifecycleSettings (issue 13). */
export const LIFECYCLE_SETTINGS = 'linchpin:coordination:lifecycle-settings';

export interface LifecycleSettings {
  /** Minutes after its resolution during which an incident may be reopened. */
  reopenWindowMinutes: number;
}

/** A bad number stops the start rather than quietly using the default. */
class LifecycleVariables {
  @IsOptional() @IsIntegerBetween(1, 43200, { message: 'must be an integer from 1 to 43200 (minutes, 30 days)' }) COORDINATION_REOPEN_WINDOW_MINUTES?: string;
}

type Variables = Readonly<Partial<Record<keyof LifecycleVariables, string>>>;

/** Listed in COORDINATION_SERVICE: the platform validates the variables at start. */
export const lifecycleSettings: ServiceSettings<LifecycleSettings> = {
  token: LIFECYCLE_SETTINGS,
  variables: LifecycleVariables,
  build: (variables: Variables) => ({
    reopenWindowMinutes: variables.COORDINATION_REOPEN_WINDOW_MINUTES === undefined ? 1440 : Number(variables.COORDINATION_REOPEN_WINDOW_MINUTES),
  }),
};
