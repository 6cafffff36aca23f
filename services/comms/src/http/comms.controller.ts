import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { Access, IncomingRequest, pageLimit, PageQueryDto, ProblemDetailsDto, RequestValidationException, requestContext, UuidParamPipe } from '@linchpin/platform';
import { ListDeadLettersQuery, RetryDeliveryCommand } from '../application/dead-letters';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiAcceptedResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetDeliveryQuery, ListStatusUpdatesQuery, PostStatusUpdateCommand } from '../application/commands';
import {
  DeadLettersDto,
  DeliveryDto,
  RetryStartedDto,
  PostStatusUpdateDto,
  StatusUpdatesDto,
  UpdatePostedDto,
} from './dto';

const SIGNING =
  'Webhooks are POSTed as JSON with `Linchpin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, ' +
  '`Linchpin-Delivery: <deliveryId>` (stable across retries) and `Linchpin-Event: page|status-update`.';

@ApiTags('comms')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('comms')
export class CommsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('incidents/:id/updates')
  @Access('responder')
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key posts nothing new and answers the same updateId' })
  @ApiOperation({
    summary: 'Post a status update (for responders, internal stakeholders or the public); responders ones go to the paged responders, internal and public ones to matching subscriptions',
    description:
      '`audience` defaults to `internal`; `public` updates also show on the status page; `responders` updates (on the review timeline too) ' +
      'are sent to every person paged for the incident, on the contact method they were paged on, and to no subscription. `phase` (or its older name `status`) is required. Without `message`, the phase\'s template ' +
      '(`GET /comms/update-templates`, the priority\'s override when there is one) is rendered for the incident\'s service, priority, ' +
      'impact and eta, and the update names the template and version. ' +
      'The incident must be known to comms: it becomes known once coordination\'s first event about it (the page, or ' +
      '`IncidentUnrouted`) has arrived over the bus, so this lags the alert by the bus (404 until then; retry). ' +
      "A token with a team and a role below incident-manager posts only for its team's incidents (403 `team_scope`, nothing stored). " +
      "Comms learns the incident's team from coordination's first page or `IncidentUnrouted` and follows its reassignments; " +
      'while it knows the incident but not yet its team (the incident became known by another event and the page is on its way), ' +
      'such a token is refused with 403 `team_scope` saying so (retry); an incident-manager, admin or a token without a team may post. ' +
      SIGNING,
  })
  @ApiAcceptedResponse({ type: UpdatePostedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Comms knows no such incident (yet): nothing is stored' })
  postUpdate(@Param('id', UuidParamPipe) id: string, @Body() body: PostStatusUpdateDto, @Req() request: IncomingRequest) {
    if (body.phase !== undefined && body.status !== undefined) {
      throw new RequestValidationException([{ field: 'status', reason: 'is the older name of phase: send one of them, not both' }]);
    }
    return this.commands.execute(
      new PostStatusUpdateCommand({
        incidentId: id,
        audience: body.audience ?? 'internal',
        // One of the two is there: the DTO requires phase when status is absent.
        status: (body.phase ?? body.status)!,
        message: body.message,
        impact: body.impact ?? 'none',
        eta: body.eta ?? null,
        request: requestContext(request),
      }),
    );
  }

  @Get('incidents/:id/updates')
  @Access('viewer')
  @ApiOperation({ summary: 'The status updates posted for an incident, oldest first' })
  @ApiOkResponse({ type: StatusUpdatesDto })
  updates(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new ListStatusUpdatesQuery(id));
  }

  @Get('deliveries/:id')
  @Access('viewer')
  @ApiOperation({
    summary: "One delivery, by its id (the `Linchpin-Delivery` header) or by its page's id (`pageId`): its state and every attempt",
    description:
      'State `awaiting-contact`, `pending`, `retrying` (with `nextAttemptAt`), `delivered` or `failed`; `attemptLog` lists every ' +
      'attempt with its time, HTTP status, latency and the real cause of a failure. A page\'s id finds the page\'s delivery. ' +
      'Deliveries are requested after the bus carries the page or update to comms, so a delivery may not be known yet (404).',
  })
  @ApiOkResponse({ type: DeliveryDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No delivery or page with this id (yet)' })
  delivery(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetDeliveryQuery(id));
  }

  @Get('dead-letters')
  @Access('viewer')
  @ApiOperation({
    summary: 'Dead letters: deliveries failed for good, newest failure first, with their cause',
    description: 'Each as `GET /comms/deliveries/{id}` shows it (`error` is the cause, `attemptLog` every attempt). Cursor-paged. A retried delivery leaves the list until its new round fails.',
  })
  @ApiOkResponse({ type: DeadLettersDto })
  deadLetters(@Query() query: PageQueryDto) {
    return this.queries.execute(new ListDeadLettersQuery(pageLimit(query), query.cursor));
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @Access('incident-manager')
  @ApiOperation({
    summary: 'Retry a delivery that failed for good: a new round of attempts',
    description:
      'Records `DeliveryRetryRequested` (published); the delivery is then attempted again from attempt 1 on its kind\'s schedule, ' +
      'with the same `Linchpin-Delivery` id, and ends in a new `NotificationDelivered` or `NotificationFailed`. ' +
      '409 `not_failed` while it is pending or retrying, or once delivered.',
  })
  @ApiAcceptedResponse({ type: RetryStartedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No delivery with this id' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`not_failed`: the delivery has not failed for good' })
  retry(@Param('id', UuidParamPipe) id: string, @Req() request: IncomingRequest) {
    return this.commands.execute(new RetryDeliveryCommand({ deliveryId: id, request: requestContext(request) }));
  }
}
