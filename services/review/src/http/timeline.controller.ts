import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ProblemDetailsDto, RequestValidationException, UuidParamPipe } from '@linchpin/platform';
import { catalogue } from '@linchpin/contracts';
import { TIMER_CANCELLED, TIMER_FIRED, TIMER_SCHEDULED } from '@linchpin/eventsourcing';
import { GetTimelineQuery, TimelineAsOfView, TimelineFilter, TimelineView } from '../application/queries';
import { REVIEWED_CONTEXTS } from '../application/incident-events.reactor';
import { REVIEW_CONTEXT } from '../domain/notes';
import { TimelineDto } from './timeline.dto';
import { parseAtQuery } from './at-query';
import { EXPORT_COLUMNS, timelineCsv, timelineMarkdown } from './timeline-export';

/** The contexts an entry may come from: the four review copies, and review's own (people's notes). */
export const TIMELINE_CONTEXTS: readonly string[] = [...REVIEWED_CONTEXTS, REVIEW_CONTEXT];
/**
 * The type names an entry may have: every published event's (the catalogue holds review's notes and corrections and
 * detection's `ChangeRecorded` too), and the durable timers' events, which travel with coordination's relayed streams
 * and are copied like any incident event. A name outside them (a misspelling) would only ever filter out everything.
 */
export const TIMELINE_EVENT_TYPES: readonly string[] = [...new Set([...catalogue.map(({ definition }) => definition.type), TIMER_SCHEDULED, TIMER_FIRED, TIMER_CANCELLED])].sort();
const KNOWN_TYPES = new Set(TIMELINE_EVENT_TYPES);
const TYPE_EXAMPLES = ['IncidentDetected', 'IncidentAcknowledged', 'IncidentResolved', 'StatusUpdatePosted', 'TimelineNoteAdded', 'ChangeRecorded'];

export const AT_QUERY = { name: 'at', required: false, description: 'ISO 8601 time with a zone, e.g. 2026-01-01T10:00:00Z', schema: { type: 'string', format: 'date-time' } } as const;
export const CONTEXT_QUERY = {
  name: 'context',
  required: false,
  description: 'Only entries of these contexts (repeat the parameter, or separate with commas); `review` holds people’s notes',
  schema: { type: 'array', items: { type: 'string', enum: [...TIMELINE_CONTEXTS] } },
  style: 'form',
  explode: true,
} as const;
export const TYPE_QUERY = {
  name: 'type',
  required: false,
  description: 'Only entries of these event types, e.g. `IncidentAcknowledged` (repeat the parameter, or separate with commas)',
  schema: { type: 'array', items: { type: 'string', enum: [...TIMELINE_EVENT_TYPES] } },
  style: 'form',
  explode: true,
} as const;
export const BAD_REQUEST = { type: ProblemDetailsDto, description: '`at` is not an ISO 8601 time, `context` names an unknown context, or `type` is no event type' };
export const NOT_FOUND = { type: ProblemDetailsDto, description: 'Nothing is known (yet) about this incident' };
const EXPORT_NOTE = 'The same entries as the JSON timeline, with the same `?at=`, `context` and `type`.';

@ApiTags('review')
@Controller('review/incidents')
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline')
  @Access('viewer')
  @ApiOperation({
    summary: 'An incident’s timeline across every context, ordered by when each step was recorded',
    description:
      'Review learns what the other contexts did from the bus, so the timeline lags them by the bus. Each entry shows when it happened ' +
      '(`occurredAt`, at the source) and when it was recorded (`recordedAt`, also under its older name `at`). ' +
      'With `?at=<ISO time>`, the answer also holds the incident’s state rebuilt from the entries recorded at or before that moment ' +
      '(from all of them: `context` and `type` only choose the entries listed): status, priority, people and roles, open alerts, ' +
      'pending deadlines, what each audience had been told, and the changes before it. The changes to the incident’s services and ' +
      'their dependencies in `REVIEW_CHANGES_WINDOW_HOURS` (default 24) before its detection are listed too, as `detection` ' +
      '`ChangeRecorded` entries with `change`. Also as CSV (`timeline.csv`) and Markdown (`timeline.md`).',
  })
  @ApiQuery(AT_QUERY)
  @ApiQuery(CONTEXT_QUERY)
  @ApiQuery(TYPE_QUERY)
  @ApiOkResponse({ type: TimelineDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  timeline(@Param('id', UuidParamPipe) id: string, @Query('at') at?: unknown, @Query('context') context?: unknown, @Query('type') type?: unknown) {
    return this.read(id, at, context, type);
  }

  @Get(':id/timeline.csv')
  @Access('viewer')
  @Header('Content-Type', 'text/csv; charset=utf-8; header=present')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'An incident’s timeline as CSV (RFC 4180)',
    description: `${EXPORT_NOTE} A header row (\`${EXPORT_COLUMNS.join(',')}\`), CRLF line ends; a field starting with \`=\`, \`+\`, \`-\` or \`@\` is prefixed with \`'\` so that a spreadsheet does not run it.`,
  })
  @ApiQuery(AT_QUERY)
  @ApiQuery(CONTEXT_QUERY)
  @ApiQuery(TYPE_QUERY)
  @ApiOkResponse({ description: 'The entries, one a row', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async csv(@Param('id', UuidParamPipe) id: string, @Query('at') at?: unknown, @Query('context') context?: unknown, @Query('type') type?: unknown): Promise<string> {
    return timelineCsv(await this.read(id, at, context, type));
  }

  @Get(':id/timeline.md')
  @Access('viewer')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  @ApiProduces('text/markdown')
  @ApiOperation({
    summary: 'An incident’s timeline as Markdown, for a postmortem document',
    description: `${EXPORT_NOTE} A heading, then a table of \`${EXPORT_COLUMNS.join('`, `')}\`; a \`|\` in a cell is escaped, a line break is \`<br>\`.`,
  })
  @ApiQuery(AT_QUERY)
  @ApiQuery(CONTEXT_QUERY)
  @ApiQuery(TYPE_QUERY)
  @ApiOkResponse({ description: 'A Markdown document', content: { 'text/markdown': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async markdown(@Param('id', UuidParamPipe) id: string, @Query('at') at?: unknown, @Query('context') context?: unknown, @Query('type') type?: unknown): Promise<string> {
    return timelineMarkdown(await this.read(id, at, context, type));
  }

  private read(id: string, at: unknown, context: unknown, type: unknown): Promise<TimelineView | TimelineAsOfView> {
    return this.queries.execute(timelineQuery(id, at, context, type));
  }
}

/** The timeline query of a request's `at`, `context` and `type` (a 400 naming the field when one is wrong): every rendering of the timeline asks it. */
export function timelineQuery(id: string, at: unknown, context: unknown, type: unknown): GetTimelineQuery {
  const filter: TimelineFilter = { contexts: listOf(context, 'context', (v) => TIMELINE_CONTEXTS.includes(v), `one of ${TIMELINE_CONTEXTS.join(', ')}`), types: listOf(type, 'type', (v) => KNOWN_TYPES.has(v), `an event type name (case matters), e.g. ${TYPE_EXAMPLES.join(', ')}`, closestType) };
  return new GetTimelineQuery(id, at === undefined ? undefined : parseAtQuery(at), filter);
}

/** The known type a misspelt one differs from only in case, e.g. `Incidentacknowledged` → `IncidentAcknowledged`. */
const closestType = (value: string): string | undefined => TIMELINE_EVENT_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());

/** A repeatable, comma-separated query parameter as its values; a value failing `valid` is a 400 naming the parameter. */
function listOf(raw: unknown, field: string, valid: (value: string) => boolean, expected: string, hint: (value: string) => string | undefined = () => undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  // An empty value (`?type=`) names nothing: refused like any other value that is none, as the document's enum says.
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim());
  const wrong = values.filter((v) => !valid(v));
  if (wrong.length > 0) {
    const hints = wrong.map(hint).filter((h): h is string => h !== undefined);
    const got = wrong.map((v) => JSON.stringify(v.slice(0, 60))).join(', ');
    throw new RequestValidationException([{ field, reason: `${field} must be ${expected} (got ${got}${hints.length ? `; did you mean ${hints.join(', ')}?` : ''})` }]);
  }
  return values;
}
