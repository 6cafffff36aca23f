import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, UuidParamPipe } from '@linchpin/platform';
import { TimelineAsOfView, TimelineView } from '../../application/queries';
import { GetIncidentMetricsQuery, IncidentMetricsView } from '../../application/metrics/incident-metrics.query';
import { AT_QUERY, BAD_REQUEST, CONTEXT_QUERY, NOT_FOUND, TIMELINE_CONTEXTS, TYPE_QUERY, timelineQuery } from '../timeline.controller';
import { PAGE_CSP } from '../page-style';
import { renderTimelinePage } from './timeline-page.html';

@ApiTags('review')
@Controller('review/incidents')
export class TimelineViewController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline.html')
  @Access('viewer')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_CSP)
  @Header('Cache-Control', 'no-cache')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'An incident’s timeline as a page: swimlanes per context over time (server-rendered SVG, no script), the phases marked',
    description:
      'One lane per context (detection, triage, coordination, comms, review: people’s notes), each entry a mark at its event time (`occurredAt`) ' +
      'linking to its row in the table of entries below (`#event-<eventId>`), its summary as tooltip. The phases detect → acknowledge → mitigate → resolve ' +
      'are drawn where the incident’s metrics place them (`GET …/metrics`, its `moments`). The same entries as the JSON timeline, with the same ' +
      '`?at=`, `context` and `type` (with `context`, only those lanes). No JavaScript; a CSP allows only the page’s own stylesheet.',
  })
  @ApiQuery(AT_QUERY)
  @ApiQuery(CONTEXT_QUERY)
  @ApiQuery(TYPE_QUERY)
  @ApiOkResponse({ description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async page(@Param('id', UuidParamPipe) id: string, @Query('at') at?: unknown, @Query('context') context?: unknown, @Query('type') type?: unknown): Promise<string> {
    const query = timelineQuery(id, at, context, type);
    const timeline: TimelineView | TimelineAsOfView = await this.queries.execute(query);
    const metrics: IncidentMetricsView = await this.queries.execute(new GetIncidentMetricsQuery(id, query.at));
    const lanes = query.filter.contexts?.length ? TIMELINE_CONTEXTS.filter((c) => query.filter.contexts!.includes(c)) : TIMELINE_CONTEXTS;
    // The links to the other renderings carry the query as understood (not as sent).
    const search = new URLSearchParams();
    if (query.at) search.set('at', query.at.toISOString());
    if (query.filter.contexts?.length) search.set('context', query.filter.contexts.join(','));
    if (query.filter.types?.length) search.set('type', query.filter.types.join(','));
    return renderTimelinePage(timeline, metrics, lanes, search.toString());
  }
}
