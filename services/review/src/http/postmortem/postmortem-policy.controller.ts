import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext } from '@linchpin/platform';
import { SetPostmortemPolicyCommand } from '../../application/postmortem/postmortem.commands';
import { GetPostmortemPolicyQuery } from '../../application/postmortem/postmortem-policy.query';
import { PostmortemPolicyState } from '../../domain/postmortem/postmortem-policy.decider';
import { PostmortemPolicyDto, PostmortemPolicyViewDto } from './postmortem.dto';

/** Which priorities get a postmortem when their incident resolves: version 1 built in (P1, P2); incident-managers change it. */
@ApiTags('review')
@Controller('review/postmortem-policy')
export class PostmortemPolicyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'The postmortem policy in force: the priorities whose incidents get a postmortem when they resolve' })
  @ApiOkResponse({ type: PostmortemPolicyViewDto })
  get(): Promise<PostmortemPolicyState> {
    return this.queries.execute(new GetPostmortemPolicyQuery());
  }

  @Put()
  @Access('incident-manager')
  @ApiOperation({
    summary: 'Change the postmortem policy (a new version)',
    description: 'Applies to incidents resolved from now on; a postmortem already open stays. The same priorities again make no new version.',
  })
  @ApiOkResponse({ type: PostmortemPolicyViewDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`requiredFor` holding anything but P1–P5' })
  async set(@Body() body: PostmortemPolicyDto, @Req() request: IncomingRequest): Promise<PostmortemPolicyState> {
    await this.commands.execute(new SetPostmortemPolicyCommand({ requiredFor: body.requiredFor, request: requestContext(request) }));
    return this.queries.execute(new GetPostmortemPolicyQuery());
  }
}
