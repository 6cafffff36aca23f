import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetailsDto } from '@linchpin/platform';
import { newId } from '@linchpin/eventsourcing';
import { GetAlertQuery, GetIncidentAlertsQuery } from '../application/alert-queries';
import { IngestAlertCommand, IngestAlertResult } from '../application/ingest-alert.command';
import { AlertAcceptedDto, AlertDto, AlertWithIncidentDto, IncidentAlertsDto } from './alert.dto';

@ApiTags('detection')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('detection')
export class DetectionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('alerts')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ingest an alert (generic JSON)',
    description:
      'Answered once stored. A new fingerprint (or one whose last alert resolved) opens an incident; the same ' +
      'fingerprint while firing is deduplicated (same alertId and incidentId, `deduplicated: true`). ' +
      '`status: resolved` resolves the firing alert; resolving when nothing fires is accepted and changes nothing (see `note`).',
  })
  @ApiHeader({ name: 'X-Actor', required: false, description: 'Who sends it; default `api`.' })
  @ApiAcceptedResponse({ type: AlertAcceptedDto })
  ingest(@Body() body: AlertDto, @Headers('x-actor') actor?: string): Promise<IngestAlertResult> {
    return this.commands.execute(
      new IngestAlertCommand(
        {
          source: body.source,
          summary: body.summary,
          severity: body.severity,
          labels: body.labels ?? {},
          dedupKey: body.dedupKey,
          startsAt: body.startsAt && new Date(body.startsAt).toISOString(),
          endsAt: body.endsAt && new Date(body.endsAt).toISOString(),
          status: body.status ?? 'firing',
        },
        actor?.trim() || 'api',
        newId(),
      ),
    );
  }

  @Get('incidents/:incidentId/alerts')
  @ApiOperation({ summary: 'The alerts of an incident', description: '404 when no alert is known for that incident.' })
  @ApiOkResponse({ type: IncidentAlertsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No alert is known for this incident' })
  alertsOf(@Param('incidentId', new ParseUUIDPipe()) incidentId: string) {
    return this.queries.execute(new GetIncidentAlertsQuery(incidentId));
  }

  @Get('alerts/:alertId')
  @ApiOperation({ summary: 'One alert' })
  @ApiOkResponse({ type: AlertWithIncidentDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown alert' })
  alert(@Param('alertId', new ParseUUIDPipe()) alertId: string) {
    return this.queries.execute(new GetAlertQuery(alertId));
  }
}
