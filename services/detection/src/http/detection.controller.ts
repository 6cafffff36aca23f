import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { ExplainAlertQuery, ExplainSignalQuery, GetAlertQuery, GetIncidentAlertsQuery } from '../application/alert-queries';
import { IngestSignalsCommand } from '../application/ingest-signals.command';
import { AlertResult } from './alert-result';
import { AlertAcceptedDto, AlertDto, AlertExplanationDto, AlertWithIncidentDto, IncidentAlertsDto, SignalExplanationDto } from './alert.dto';
import { refusedPayload } from './sender-helpers';
import { parseGenericAlert } from './senders/generic';

@ApiTags('detection')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('detection')
export class DetectionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('alerts')
  @Access('sender')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ingest an alert (generic JSON)',
    description:
      'Answered once stored. A new fingerprint (or one whose last alert resolved) opens an incident; the same ' +
      'fingerprint while firing is deduplicated (same alertId and incidentId, `deduplicated: true`). ' +
      '`status: resolved` resolves the firing alert; resolving when nothing fires is accepted and changes nothing (see `note`).',
  })
  @ApiAcceptedResponse({ type: AlertAcceptedDto })
  async ingest(@Req() request: IncomingRequest, @Body() body: AlertDto): Promise<AlertResult> {
    const result = parseGenericAlert(body);
    if (!result.ok) throw refusedPayload(result.errors);
    const [outcome] = await this.commands.execute(new IngestSignalsCommand({ sender: 'generic', signals: result.signals, request: requestContext(request) }));
    // A generic alert is only ever firing or resolved (AlertDto allows no other status).
    const status = result.signals[0].status as AlertResult['status'];
    return {
      signalId: outcome.signalId,
      alertId: outcome.alertId,
      incidentId: outcome.incidentId,
      fingerprint: outcome.fingerprint,
      deduplicated: outcome.outcome === 'deduplicated',
      status,
      outcome: outcome.outcome,
      reason: outcome.reason,
      ...(outcome.outcome === 'ignored' ? { note: outcome.reason } : {}),
    };
  }

  @Get('incidents/:incidentId/alerts')
  @Access('viewer')
  @ApiOperation({ summary: 'The alerts of an incident', description: '404 when no alert is known for that incident.' })
  @ApiOkResponse({ type: IncidentAlertsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No alert is known for this incident' })
  alertsOf(@Param('incidentId', UuidParamPipe) incidentId: string) {
    return this.queries.execute(new GetIncidentAlertsQuery(incidentId));
  }

  @Get('alerts/:alertId')
  @Access('viewer')
  @ApiOperation({ summary: 'One alert' })
  @ApiOkResponse({ type: AlertWithIncidentDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown alert' })
  alert(@Param('alertId', UuidParamPipe) alertId: string) {
    return this.queries.execute(new GetAlertQuery(alertId));
  }

  @Get('alerts/:alertId/explain')
  @Access('viewer')
  @ApiOperation({
    summary: 'Why an alert did or did not open an incident',
    description:
      'Every signal of the alert with what detection did and why: opened, deduplicated by fingerprint F (from the sender key, the ' +
      "integration's fields, or source and labels), grouped into incident Y by rule R vN, suppressed by maintenance window W, flapping. " +
      'Each carries its raw payload (cut at 16 KiB; `rawTruncated`). Reads may lag the bus for a moment after a write.',
  })
  @ApiOkResponse({ type: AlertExplanationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown alert' })
  explain(@Param('alertId', UuidParamPipe) alertId: string) {
    return this.queries.execute(new ExplainAlertQuery(alertId));
  }

  @Get('signals/:signalId')
  @Access('viewer')
  @ApiOperation({
    summary: 'What detection did with one signal',
    description:
      'By the `signalId` a 202 answered: its decision and why (a repeat of a firing alert: deduplicated into alert X by fingerprint F, ' +
      'with the batch of repeats decided with it). Its raw payload when kept: every signal but the repeats of a firing past its first ' +
      'few. 404 once the alert keeps no decision that old (its last 200), or for an unknown id. Reads may lag a write for a moment.',
  })
  @ApiOkResponse({ type: SignalExplanationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown signal' })
  signal(@Param('signalId', UuidParamPipe) signalId: string) {
    return this.queries.execute(new ExplainSignalQuery(signalId));
  }
}
