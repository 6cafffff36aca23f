import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Access, IncomingRequest, pageLimit, PageQueryDto, ProblemDetailsDto, RequestValidationException, requestContext, UuidParamPipe } from '@linchpin/platform';
import {
  CancelSubscriptionCommand,
  ChangeSubscriptionCommand,
  CreateSubscriptionCommand,
  GetSubscriptionQuery,
  ListSubscriptionsQuery,
} from '../../application/subscriptions/subscriptions.commands';
import { ChangeSubscriptionDto, channelErrors, CreateSubscriptionDto, SubscriptionCreatedDto, SubscriptionDto, SubscriptionsDto } from './subscriptions.dto';

const SIGNING =
  'Webhooks are POSTed as JSON with `Linchpin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, ' +
  '`Linchpin-Delivery: <deliveryId>` (stable across retries) and `Linchpin-Event: status-update`.';

class ListSubscriptionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this person's subscriptions" })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

@ApiTags('comms: subscriptions')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('comms/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Access('responder')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe a person or a system to status updates, on one channel, by incident, service, team or priority threshold',
    description:
      'Every filter given must hold (none: every incident). `audiences` and `phases` are the preferences of this channel: a person ' +
      'wanting P1s by email and everything of their team in Slack makes two subscriptions. Each message sent carries a signed ' +
      'unsubscribe link that works without credentials (`POST /comms/links/unsubscribe/{token}`; email adds `List-Unsubscribe` for one-click). ' +
      `A token held to a team subscribes to that team's incidents only. ${SIGNING}`,
  })
  @ApiCreatedResponse({ type: SubscriptionCreatedDto })
  subscribe(@Body() body: CreateSubscriptionDto, @Req() request: IncomingRequest) {
    const errors = channelErrors(body);
    if (errors.length > 0) throw new RequestValidationException(errors);
    const { channel = 'webhook', webhookUrl, email, ...rest } = body;
    return this.commands.execute(new CreateSubscriptionCommand({ ...rest, channel, address: (channel === 'email' ? email : webhookUrl)!, request: requestContext(request) }));
  }

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'The subscriptions in force, oldest first, without their secrets' })
  @ApiOkResponse({ type: SubscriptionsDto })
  list(@Query() query: ListSubscriptionsQueryDto) {
    return this.queries.execute(new ListSubscriptionsQuery(pageLimit(query), query.cursor, query.personId));
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'A subscription in force, without its secret' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown subscription, or cancelled (the detail says so)' })
  subscription(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetSubscriptionQuery(id));
  }

  @Patch(':id')
  @Access('responder')
  @ApiOperation({
    summary: 'Change what a subscription hears: its filters and its preferences',
    description: 'A field given replaces it (`null` clears a filter); a field left out stays. The channel and address do not change: make a new subscription.',
  })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown subscription, or cancelled (the detail says so)' })
  change(@Param('id', UuidParamPipe) id: string, @Body() body: ChangeSubscriptionDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new ChangeSubscriptionCommand({ subscriptionId: id, changes: body, request: requestContext(request) }));
  }

  @Delete(':id')
  @Access('responder')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a subscription (again: nothing more happens)', description: 'Updates already requested for it are not sent.' })
  @ApiNoContentResponse({ description: 'Cancelled (or cancelled already)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown subscription' })
  async cancel(@Param('id', UuidParamPipe) id: string, @Req() request: IncomingRequest): Promise<void> {
    await this.commands.execute(new CancelSubscriptionCommand({ subscriptionId: id, request: requestContext(request) }));
  }
}
