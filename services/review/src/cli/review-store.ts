import { existsSync } from 'node:fs';
import { Logger, LoggerService } from '@nestjs/common';
import { CheckpointStore, EventStore } from '@linchpin/eventsourcing';
import { LinchpinConfig, createEventStore, loadConfig } from '@linchpin/platform';
import { REVIEW_SERVICE } from '../service';
import { readModelsPathOf } from '../review.settings';
import { CliError } from './errors';

/** Only warnings and errors, on stderr: stdout carries the command's output (a replay piped to a file). */
const stderrLogger: LoggerService = {
  log: () => undefined,
  warn: (message: unknown) => void process.stderr.write(`warning: ${String(message)}\n`),
  error: (message: unknown) => void process.stderr.write(`error: ${String(message)}\n`),
};

export interface ReviewStore {
  config: LinchpinConfig;
  store: EventStore & CheckpointStore;
  readModelsPath: string;
}

/**
 * Review's store as the service opens it, from the same settings (SQLITE_PATH, EVENTSTORE_URL, POSTGRES_URL and
 * POSTGRES_SCHEMA, LINCHPIN_DATA_DIR, REVIEW_READ_MODELS_PATH), validated by the platform's loader: a bad variable
 * stops the command naming it (POSTGRES_URL and EVENTSTORE_URL together too).
 */
export function openReviewStore(env: NodeJS.ProcessEnv = process.env): ReviewStore {
  Logger.overrideLogger(stderrLogger);
  const config = loadConfig(REVIEW_SERVICE, env);
  // Opening a SQLite path that holds nothing would create an empty store and answer as if review knew nothing.
  if (!config.eventstoreUrl && !config.postgresUrl && config.sqlitePath !== ':memory:' && !existsSync(config.sqlitePath)) {
    throw new CliError(`no review store at ${config.sqlitePath}: set SQLITE_PATH (or EVENTSTORE_URL, or POSTGRES_URL and POSTGRES_SCHEMA) as for the review service, or run from its folder (the standalone process, \`npm start\`, keeps every context's events in ./data/standalone.db)`);
  }
  return { config, store: createEventStore(config), readModelsPath: readModelsPathOf(config) };
}
