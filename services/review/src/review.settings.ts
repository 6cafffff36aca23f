import { join } from 'node:path';
import { IsOptional, Matches } from 'class-validator';
import { IsIntegerBetween, LinchpinConfig, ServiceSettings } from '@linchpin/platform';
import { DEFAULT_CHANGES_WINDOW_HOURS } from './domain/changes/changes-before';

/** The injection token of the typed ReviewSettings (issue 16): review's one settings object. */
export const REVIEW_SETTINGS = 'linchpin:review:settings';

export interface ReviewSettings {
  /** REVIEW_READ_MODELS_PATH: the SQLite file of review's read models; absent: `<LINCHPIN_DATA_DIR>/review-read-models.sqlite`. */
  readModelsPath?: string;
  /** REVIEW_CHANGES_WINDOW_HOURS: how long before an incident's start a change to its services (or their dependencies) is shown with it. */
  changesWindowHours: number;
}

/** A bad value stops the start rather than quietly using the default. */
class ReviewVariables {
  // A folder would be taken for a file name by SQLite's open (or fail at start further from the cause).
  @IsOptional() @Matches(/^(:memory:|.*[^/\\])$/, { message: 'must be a file path, not a folder (or :memory:)' }) REVIEW_READ_MODELS_PATH?: string;
  @IsOptional() @IsIntegerBetween(1, 720, { message: 'must be an integer from 1 to 720 (hours, 30 days)' }) REVIEW_CHANGES_WINDOW_HOURS?: string;
}

type Variables = Readonly<Partial<Record<keyof ReviewVariables, string>>>;

/** Listed in REVIEW_SERVICE: the platform validates the variables at start (and the CLI through the same loader). */
export const reviewSettings: ServiceSettings<ReviewSettings> = {
  token: REVIEW_SETTINGS,
  variables: ReviewVariables,
  build: (variables: Variables) => ({
    readModelsPath: variables.REVIEW_READ_MODELS_PATH,
    changesWindowHours: variables.REVIEW_CHANGES_WINDOW_HOURS === undefined ? DEFAULT_CHANGES_WINDOW_HOURS : Number(variables.REVIEW_CHANGES_WINDOW_HOURS),
  }),
};

/** Whatever the event store is, the read models live in a SQLite file: REVIEW_READ_MODELS_PATH, else in the data folder. */
export const readModelsPathOf = (config: LinchpinConfig): string =>
  config.settingsOf(reviewSettings).readModelsPath ?? join(config.access.dataDir, 'review-read-models.sqlite');
