import { NotFoundError, RecordedEvent } from '@linchpin/eventsourcing';
import { zonedInstant } from '@linchpin/platform';
import { GetTimelineHandler, GetTimelineQuery, TimelineAsOfView, TimelineView } from '../application/queries';
import { TIMELINE_STREAM_PREFIX } from '../domain/streams';
import { timelineCsv, timelineMarkdown } from '../http/timeline-export';
import { REVIEW_READ_MODELS } from '../read-models/review-read-model-list';
import { rebuildReadModels } from '../read-models/rebuild-read-models';
import { CliError, UsageError } from './errors';
import { CliIo, progressBar } from './progress';
import { ReviewStore } from './review-store';
import { ChangesKnownReader } from '../application/changes-known';
import { reviewSettings } from '../review.settings';


export const REPLAY_FORMATS = ['md', 'json', 'csv'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/** An ISO 8601 time with a zone that exists (no 30 February), as the routes take them. */
export function timeOption(name: string, value: string): Date {
  const instant = zonedInstant(value);
  if (instant === undefined) throw new UsageError(`--${name} must be an ISO 8601 date-time with a zone that exists on the calendar, e.g. 2026-11-01T00:00:00Z (got '${value}')`);
  return new Date(instant);
}

/** The timeline query as the service runs it: with the changes before the incident, in the service's window. */
const timelineHandlerOf = (review: ReviewStore): GetTimelineHandler =>
  new GetTimelineHandler(review.store, new ChangesKnownReader(review.store, review.config.settingsOf(reviewSettings)));

/**
 * The incident's timeline (as of `at`), rendered as the HTTP routes render it: the same query, JSON as
 * `GET /review/incidents/{id}/timeline` answers, CSV and Markdown as `timeline.csv` and `timeline.md`.
 */
export async function replay(review: ReviewStore, io: CliIo, incidentId: string, format: ReplayFormat, at?: Date): Promise<void> {
  let timeline: TimelineView | TimelineAsOfView;
  try {
    timeline = await timelineHandlerOf(review).execute(new GetTimelineQuery(incidentId, at));
  } catch (error) {
    if (error instanceof NotFoundError) throw new CliError(`review knows no incident ${incidentId} (no timeline-${incidentId} in its store)`);
    throw error;
  }
  io.out(format === 'json' ? `${JSON.stringify(timeline, null, 2)}\n` : format === 'csv' ? timelineCsv(timeline) : timelineMarkdown(timeline));
}

/** Drops review's read models (or the one named) and replays review's store into them, with a progress bar. */
export async function rebuild(review: ReviewStore, io: CliIo, projection?: string): Promise<void> {
  const names = REVIEW_READ_MODELS.map((m) => m.name);
  if (projection !== undefined && !names.includes(projection)) throw new UsageError(`no projection named ${projection}; review's are: ${names.join(', ')}`);
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  const barOf = (name: string) => bars.get(name) ?? bars.set(name, progressBar(io, name)).get(name)!;
  await rebuildReadModels(review.store, review.readModelsPath, projection !== undefined ? [projection] : names, {
    onProgress: (p) => barOf(p.model).update(p.applied, p.total),
    onDone: (p) => barOf(p.model).finish(p.applied),
  });
}

/**
 * Every timeline entry whose event happened (its `occurredAt`, at the source) in [from, to), one JSON object a line
 * (`{ incidentId, ...entry }`, the entry as the timeline JSON shows it), incident by incident in the order review
 * first heard of them, each incident's entries in timeline order.
 */
export async function exportEntries(review: ReviewStore, io: CliIo, from: Date, to: Date): Promise<void> {
  if (from.getTime() >= to.getTime()) throw new UsageError('--to must be after --from');
  const timelines = timelineHandlerOf(review);
  for (const incidentId of await incidentsOf(review)) {
    const { entries } = await timelines.execute(new GetTimelineQuery(incidentId));
    for (const entry of entries) {
      const when = Date.parse(entry.occurredAt);
      if (when >= from.getTime() && when < to.getTime()) io.out(`${JSON.stringify({ incidentId, ...entry })}\n`);
    }
  }
}

/** The incidents review keeps a timeline of, in the order it first heard of each. */
async function incidentsOf(review: ReviewStore): Promise<string[]> {
  const seen = new Set<string>();
  let after: number | undefined;
  for (;;) {
    const page: RecordedEvent[] = await review.store.readAll({ after, filter: { streamPrefixes: [TIMELINE_STREAM_PREFIX] }, limit: 1000 });
    for (const event of page) seen.add(event.streamId.slice(TIMELINE_STREAM_PREFIX.length));
    if (page.length < 1000) return [...seen];
    after = page[page.length - 1].position;
  }
}
