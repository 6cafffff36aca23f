import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { ApiTokenPage, ApiTokenView, GetApiTokenQuery, IssueApiTokenCommand, IssuedApiToken, ListApiTokensQuery, RevokeApiTokenCommand } from '../application/api-token.commands';
import { ApiTokenRole } from '../domain/api-token.decider';
import { AcceptedDto } from './incident.dto';
import { ApiTokenPageDto, ApiTokenViewDto, ApiTokensQueryDto, IssueApiTokenDto, IssuedApiTokenDto, RevokeApiTokenDto } from './api-token.dto';

const LAG = 'Every service checks a presented token against its own projection of these events: an issue or a revocation takes effect everywhere within the bus’s lag.';

@ApiTags('coordination: api tokens')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field (e.g. `roles`, `expiresAt`, `cursor`)' })
@Access('admin')
@Controller('coordination/api-tokens')
export class ApiTokensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue an API token: the answer is the only time the token is shown',
    description: `The token (\`lp_\` and 43 characters) is stored and published (ApiTokenIssued) only as its sha256, with a hint (\`lp_…\` and its last 4 characters). ${LAG}`,
  })
  @ApiCreatedResponse({ type: IssuedApiTokenDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`unknown_reference`: the `team` or `personId` is not there, or retired (`errors` names each)' })
  issue(@Body() body: IssueApiTokenDto, @Req() request: IncomingRequest): Promise<IssuedApiToken> {
    return this.commands.execute(
      new IssueApiTokenCommand({
        name: body.name,
        roles: body.roles as ApiTokenRole[],
        team: body.team?.trim() ?? null,
        personId: body.personId ?? null,
        expiresAt: body.expiresAt ?? null,
        request: requestContext(request),
      }),
    );
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens by name, cursor-paged (revoked and expired ones included, with their status); never a token or its hash' })
  @ApiOkResponse({ type: ApiTokenPageDto })
  list(@Query() query: ApiTokensQueryDto): Promise<ApiTokenPage> {
    return this.queries.execute(new ListApiTokensQuery(query.limit ?? 50, query.cursor));
  }

  @Get(':tokenId')
  @ApiOperation({ summary: 'One API token (never the token or its hash)' })
  @ApiOkResponse({ type: ApiTokenViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown token' })
  get(@Param('tokenId', UuidParamPipe) tokenId: string): Promise<ApiTokenView> {
    return this.queries.execute(new GetApiTokenQuery(tokenId));
  }

  @Post(':tokenId/revoke')
  @HttpCode(202)
  @ApiOperation({ summary: 'Revoke an API token (final)', description: `Records ApiTokenRevoked; 409 \`already_revoked\` the second time. ${LAG}` })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown token' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already revoked' })
  revoke(@Param('tokenId', UuidParamPipe) tokenId: string, @Body() body: RevokeApiTokenDto, @Req() request: IncomingRequest): Promise<{ eventId: string }> {
    return this.commands.execute(new RevokeApiTokenCommand({ tokenId, reason: body.reason?.trim() ?? null, request: requestContext(request) }));
  }
}
