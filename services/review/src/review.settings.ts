import { join } from 'node:path';
import { IsOptional, Matches } from 'class-validator';
import { LinchpinConfig, ServiceSettings } from '@linchpin/platform';

/** The injection token of the typed ReviewSettings (issue 16). */
export const REVIEW_SETTINGS = 'linchpin:review:settings';

export interface ReviewSettings {
  /** REVIEW_READ_MODELS_PATH: the SQLite file of review's read models; absent: `<LINCHPIN_DATA_DIR>/review-read-models.sqlite`. */
  readModelsPath?: string;
}

class ReviewVariables {
  @IsOptional() @Matches(/\S/, { message: 'must be a file path (or :memory:)' }) REVIEW_READ_MODELS_PATH?: string;
}

/** Listed in REVIEW_SERVICE: the platform validates the variables at start (and the CLI through the same loader). */
export const reviewSettings: ServiceSettings<ReviewSettings> = {
  token: REVIEW_SETTINGS,
  variables: ReviewVariables,
  build: (variables: Readonly<Partial<Record<keyof ReviewVariables, string>>>) => ({ readModelsPath: variables.REVIEW_READ_MODELS_PATH }),
};

/** Whatever the event store is, the read models live in a SQLite file: REVIEW_READ_MODELS_PATH, else in the data folder. */
export const readModelsPathOf = (config: LinchpinConfig): string =>
  config.settingsOf(reviewSettings).readModelsPath ?? join(config.access.dataDir, 'review-read-models.sqlite');
