import { IsOptional } from 'class-validator';
import { IsIntegerBetween, ServiceSettings } from '@linchpin/platform';
import { DEFAULT_CHANGES_WINDOW_HOURS } from './domain/changes/changes-before';

/** The injection token of the typed ChangesSettings (issue 16, changes next to incidents). */
export const CHANGES_SETTINGS = 'linchpin:review:changes-settings';

export interface ChangesSettings {
  /** How long before an incident's start a change to its services (or their dependencies) is shown with it. */
  windowHours: number;
}

/** A bad number stops the start rather than quietly using the default. */
class ChangesVariables {
  @IsOptional() @IsIntegerBetween(1, 720, { message: 'must be an integer from 1 to 720 (hours, 30 days)' }) REVIEW_CHANGES_WINDOW_HOURS?: string;
}

type Variables = Readonly<Partial<Record<keyof ChangesVariables, string>>>;

/** Listed in REVIEW_SERVICE: the platform validates the variables at start. */
export const changesSettings: ServiceSettings<ChangesSettings> = {
  token: CHANGES_SETTINGS,
  variables: ChangesVariables,
  build: (variables: Variables) => ({
    windowHours: variables.REVIEW_CHANGES_WINDOW_HOURS === undefined ? DEFAULT_CHANGES_WINDOW_HOURS : Number(variables.REVIEW_CHANGES_WINDOW_HOURS),
  }),
};
