import { parseArgs } from 'node:util';
import { ConfigurationError } from '@linchpin/platform';
import { REPLAY_FORMATS, ReplayFormat, exportEntries, rebuild, replay, timeOption } from './commands';
import { CliError, UsageError } from './errors';
import { CliIo, processIo } from './progress';
import { ReviewStore, openReviewStore } from './review-store';

export const USAGE = `Usage: linchpin <command> [options]

Reads review's store directly, with the settings the services take (SQLITE_PATH, EVENTSTORE_URL,
POSTGRES_URL and POSTGRES_SCHEMA, LINCHPIN_DATA_DIR, REVIEW_READ_MODELS_PATH).

Commands:
  replay <incidentId> [--at <time>] [--format md|json|csv]
      The incident's timeline (as it stood at --at), as GET /review/incidents/{id}/timeline[.md|.csv] renders it.
      Default format: md.
  rebuild [--projection <name>]
      Drops review's read models (or the one named) and replays review's events into them, with a progress bar.
  export --from <time> --to <time>
      Every timeline entry whose event happened in [from, to), one JSON object a line.

Times are ISO 8601 with a zone, e.g. 2026-11-01T00:00:00Z.
`;

const OPTIONS = {
  at: { type: 'string' },
  format: { type: 'string' },
  projection: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(command: string, positionals: string[], values: Record<string, string | boolean | undefined>, review: ReviewStore, io: CliIo): Promise<void> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  switch (command) {
    case 'replay': {
      if (positionals.length !== 1) throw new UsageError('replay takes one incident id');
      const format = (text('format') ?? 'md') as ReplayFormat;
      if (!REPLAY_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPLAY_FORMATS.join(', ')} (got '${format}')`);
      const at = text('at');
      return replay(review, io, positionals[0], format, at === undefined ? undefined : timeOption('at', at));
    }
    case 'rebuild':
      return rebuild(review, io, text('projection'));
    case 'export': {
      const [from, to] = [text('from'), text('to')];
      if (from === undefined || to === undefined) throw new UsageError('export needs --from and --to');
      return exportEntries(review, io, timeOption('from', from), timeOption('to', to));
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/** The CLI without the process: answers the exit code (0 done, 1 failed, 2 a usage or configuration mistake). */
export async function main(argv: string[], io: CliIo = processIo(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...positionals] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  let review: ReviewStore | undefined;
  try {
    review = openReviewStore(env);
    await run(command, positionals, parsed.values, review, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof CliError || error instanceof ConfigurationError) {
      io.err(`${error.message}\n`);
      return error instanceof CliError ? 1 : 2;
    }
    io.err(`linchpin ${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await review?.store.close();
  }
}
