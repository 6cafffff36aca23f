import { Controller, Get, Header } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { LinchpinConfig, Public } from '@linchpin/platform';
import { GetStatusPageQuery } from '../../application/status-page/status-page.query';
import { renderStatusFeed } from './status-page.atom';
import { renderStatusPage, STATUS_PAGE_CSP } from './status-page.html';
import { StatusPageDto } from './status-page.dto';

const DERIVED =
  'Components are the services of triage\'s service catalog (by display name; a retired one leaves) and the services ' +
  'incidents name; each is the worst of its open incidents (P1 major outage, P2 partial outage, P3 degraded performance, ' +
  'P4/P5 operational; a mitigated incident degraded at most), else under maintenance while a maintenance window of ' +
  'detection\'s naming the service is in force, else operational. Incidents show once triage decided them, with their ' +
  'public status updates only; resolved ones stay 90 days. It follows triage, coordination and detection over the bus, ' +
  'so it lags them by the bus.';

/**
 * The public status page (issue 15): the one set of routes outside every service prefix, at `/status`, so the
 * address people are given does not depend on which service serves it. Comms serves it (the standalone too).
 */
@ApiTags('status page')
@Public('the public status page')
@Controller()
export class StatusPageController {
  constructor(
    private readonly queries: QueryBus,
    private readonly config: LinchpinConfig,
  ) {}

  @Get('status')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', STATUS_PAGE_CSP)
  @Header('Cache-Control', 'no-cache')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The public status page (HTML, no JavaScript)', description: DERIVED })
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  async page(): Promise<string> {
    return renderStatusPage(await this.queries.execute(new GetStatusPageQuery()));
  }

  @Get('status.json')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'The public status page as JSON (shaped like Statuspage\'s summary)', description: DERIVED })
  @ApiOkResponse({ type: StatusPageDto })
  json(): Promise<StatusPageDto> {
    return this.queries.execute(new GetStatusPageQuery());
  }

  @Get('status/feed.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'The public status page\'s incidents as an Atom feed', description: `One entry per incident, open or resolved in the last 90 days. ${DERIVED}` })
  @ApiOkResponse({ description: 'An Atom 1.0 feed', content: { 'application/atom+xml': { schema: { type: 'string' } } } })
  async feed(): Promise<string> {
    return renderStatusFeed(await this.queries.execute(new GetStatusPageQuery()), this.config.publicUrl);
  }
}
