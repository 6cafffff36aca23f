import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { Access, ProblemDetailsDto, RequestValidationException, zonedInstant } from '@linchpin/platform';
import { AnalyticsWindow, GetAlertSourcesQuery, GetPagesQuery, GetResponseTimesQuery } from '../../application/analytics/analytics.queries';
import {
  AlertSourcesDto,
  AlertSourcesQueryDto,
  AnalyticsQueryDto,
  DEFAULT_WINDOW_DAYS,
  PagesDto,
  PagesQueryDto,
  ResponseTimesDto,
  ResponseTimesQueryDto,
} from './analytics.dto';

const WINDOW = `Incidents detected (event time of \`IncidentDetected\`) in [\`from\`, \`to\`) (default: the ${DEFAULT_WINDOW_DAYS} days before \`to\`, else after \`from\`, else before now), narrowed by \`service\`, \`team\`, \`priority\`. `;
const LAG = 'Folded from review’s own timelines into its persisted read models (README "Analytics"); lags the other contexts by the bus.';

@ApiTags('review: analytics')
@Controller('review/analytics')
export class AnalyticsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('response-times')
  @Access('viewer')
  @ApiOperation({
    summary: 'MTTD, MTTA, MTTM, MTTR (count, median, p90 in whole seconds) by service, team, priority, week or month',
    description: WINDOW + 'Each incident’s durations are those of `GET /review/incidents/{id}/metrics`. ' + LAG,
  })
  @ApiOkResponse({ type: ResponseTimesDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each bad field: `from`, `to`, `groupBy`, `service`, `team`, `priority`' })
  responseTimes(@Query() query: ResponseTimesQueryDto) {
    return this.queries.execute(new GetResponseTimesQuery(this.windowOf(query), query.groupBy ?? 'week'));
  }

  @Get('alert-sources')
  @Access('viewer')
  @ApiOperation({ summary: 'The noisiest alert sources: alerts fired and incidents they were part of', description: WINDOW + LAG })
  @ApiOkResponse({ type: AlertSourcesDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each bad field: `from`, `to`, `limit`, …' })
  alertSources(@Query() query: AlertSourcesQueryDto) {
    return this.queries.execute(new GetAlertSourcesQuery(this.windowOf(query), query.limit ?? 10));
  }

  @Get('pages')
  @Access('viewer')
  @ApiOperation({
    summary: 'Pages per person, and how many fell out of hours',
    description: WINDOW + 'Out of hours: outside the business hours of the incident’s catalog service as review knows it (none known: Monday–Friday 09:00–17:00 UTC). ' + LAG,
  })
  @ApiOkResponse({ type: PagesDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each bad field: `from`, `to`, `groupBy`, …' })
  pages(@Query() query: PagesQueryDto) {
    return this.queries.execute(new GetPagesQuery(this.windowOf(query)));
  }

  private windowOf(query: AnalyticsQueryDto): AnalyticsWindow {
    return analyticsWindow(query, this.clock.now());
  }
}

/**
 * The window asked for: both ends given, or 28 days from the end given (`to`, else now) or after the start given; `to`
 * after `from`. (analytics.html asks the same.)
 */
export function analyticsWindow(query: AnalyticsQueryDto, now: Date): AnalyticsWindow {
  const span = DEFAULT_WINDOW_DAYS * 86_400_000;
  // zonedInstant, not `new Date`: Date reads 30 February as 2 March, which would answer for another window than the one asked.
  const instant = (text: string | undefined) => (text === undefined ? undefined : new Date(zonedInstant(text) ?? Number.NaN));
  const given = { from: instant(query.from), to: instant(query.to) };
  // Only the ends given can be wrong: a default end is derived from a good one.
  const invalid = (['from', 'to'] as const)
    .filter((field) => given[field] !== undefined && Number.isNaN(given[field]!.getTime()))
    .map((field) => ({ field, reason: `${field} is not a real date-time` }));
  if (invalid.length > 0) throw new RequestValidationException(invalid);
  const to = given.to ?? (given.from ? new Date(given.from.getTime() + span) : now);
  const from = given.from ?? new Date(to.getTime() - span);
  if (from.getTime() >= to.getTime()) throw new RequestValidationException([{ field: 'to', reason: 'to must be after from' }]);
  return {
    from,
    to,
    ...(query.service !== undefined ? { service: query.service } : {}),
    ...(query.team !== undefined ? { team: query.team } : {}),
    ...(query.priority !== undefined ? { priority: query.priority } : {}),
  };
}
