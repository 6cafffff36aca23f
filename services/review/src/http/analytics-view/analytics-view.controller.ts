import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { Access, ProblemDetailsDto } from '@linchpin/platform';
import { AlertSourcesView, GetAlertSourcesQuery, GetPagesQuery, GetResponseTimesQuery, PagesView, ResponseTimesView } from '../../application/analytics/analytics.queries';
import { AnalyticsQueryDto } from '../analytics/analytics.dto';
import { analyticsWindow } from '../analytics/analytics.controller';
import { PAGE_CSP } from '../page-style';
import { renderAnalyticsPage } from './analytics-page.html';

/** The noisiest sources drawn: as many as the JSON route's default. */
const SOURCES = 10;

@ApiTags('review: analytics')
@Controller('review')
export class AnalyticsViewController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('analytics.html')
  @Access('viewer')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_CSP)
  @Header('Cache-Control', 'no-cache')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'Incident analytics as a page: MTTA/MTTR by week, incidents by priority and service, pager load per person, noisiest alert sources (server-rendered SVG, no script)',
    description:
      'The answers of `GET /review/analytics/response-times` (by week, priority, service), `/pages` and `/alert-sources` for the same window and ' +
      'filters (`from`, `to`, `service`, `team`, `priority`, as those routes take them), drawn as charts. A CSP allows only the page’s own stylesheet.',
  })
  @ApiOkResponse({ description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each bad field: `from`, `to`, `service`, `team`, `priority`' })
  async page(@Query() query: AnalyticsQueryDto): Promise<string> {
    const window = analyticsWindow(query, this.clock.now());
    const [byWeek, byPriority, byService, pages, alertSources] = await Promise.all([
      this.queries.execute<GetResponseTimesQuery, ResponseTimesView>(new GetResponseTimesQuery(window, 'week')),
      this.queries.execute<GetResponseTimesQuery, ResponseTimesView>(new GetResponseTimesQuery(window, 'priority')),
      this.queries.execute<GetResponseTimesQuery, ResponseTimesView>(new GetResponseTimesQuery(window, 'service')),
      this.queries.execute<GetPagesQuery, PagesView>(new GetPagesQuery(window)),
      this.queries.execute<GetAlertSourcesQuery, AlertSourcesView>(new GetAlertSourcesQuery(window, SOURCES)),
    ]);
    return renderAnalyticsPage({ window, byWeek, byPriority, byService, pages, alertSources });
  }
}
