import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { newId } from '@linchpin/eventsourcing';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext } from '@linchpin/platform';
import { IngestSignalsCommand } from '../application/ingest-signals.command';
import { refusedPayload } from './sender-helpers';
import { parseUserReport } from './senders/report';
import { USER_REPORT_SCHEMA } from './senders/schemas';
import { SignalOutcomeDto } from './signal-outcome.dto';

/** People report what monitoring missed; a report is a signal like any other (and can be grouped with alerts of its service). */
@ApiTags('detection: senders')
@Controller('detection/reports')
export class ReportsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('sender')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Report a problem (a person, a support portal, a chat bot)',
    description:
      'Each report opens its own alert (or joins one of the same `reportKey`); its service\'s correlation policy can group it with that ' +
      "service's alerts. `usersAffected` feeds the incident's assessment (blast radius, suggested impact).",
  })
  @ApiBody({ schema: USER_REPORT_SCHEMA })
  @ApiAcceptedResponse({ type: SignalOutcomeDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  async report(@Req() request: IncomingRequest, @Body() body: unknown) {
    const result = parseUserReport(body);
    if (!result.ok) throw refusedPayload(result.errors);
    const reporter = result.signals[0]?.labels.reporter;
    // Without a reportKey every report is its own alert, even the same person's about the same service.
    const signals = result.signals.map((s) => (s.senderKey === undefined ? { ...s, senderKey: `report:${newId()}` } : s));
    const [outcome] = await this.commands.execute(
      new IngestSignalsCommand({ sender: 'report', signals, request: requestContext(request, reporter ? `user:${reporter}` : undefined) }),
    );
    return outcome;
  }
}
