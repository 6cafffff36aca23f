import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdjustableClock, CLOCK, Clock, isAdjustableClock } from '@linchpin/eventsourcing';
import { Access } from './access/access.decorator';
import { LinchpinConfig } from './linchpin-config';
import { ProblemDetailsDto } from './problem-details.dto';
import { RequestValidationException } from './problem-details';
import { ClockDto, MoveClockDto } from './test-clock.dto';

const ENABLED_ONLY =
  'Exists only when the process runs with `LINCHPIN_TEST_CLOCK=1` (never in production: start-up refuses it with `NODE_ENV=production`). ' +
  'Admin only: moving a service\'s time fires its timers.';

/** `GET`/`PUT /testing/clock`: mounted only with LINCHPIN_TEST_CLOCK=1 (see test-clock.ts). */
@ApiTags('testing')
@Access('admin')
@Controller('testing/clock')
export class TestClockController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: LinchpinConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The service’s time (test clock)', description: ENABLED_ONLY })
  @ApiOkResponse({ type: ClockDto })
  read(): ClockDto {
    const clock = this.movable();
    return { now: clock.now().toISOString(), frozen: clock.frozen };
  }

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the service’s time (test clock)',
    description:
      'Body: exactly one of `now` (jump to an instant, forwards or back) or `advanceMs` (move on, never back), and optionally `frozen`. ' +
      'Time keeps flowing from there, unless `frozen: true` holds it at that instant until the next move; timers that come due fire at once. ' +
      ENABLED_ONLY,
  })
  @ApiOkResponse({ type: ClockDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Neither or both of `now` and `advanceMs`, or an invalid one' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'The test clock is off' })
  move(@Body() body: MoveClockDto): ClockDto {
    const clock = this.movable();
    const given = (['now', 'advanceMs'] as const).filter((field) => body[field] !== undefined);
    if (given.length !== 1) {
      const reason = given.length === 0 ? 'give exactly one of now or advanceMs' : 'give only one of now or advanceMs, not both';
      throw new RequestValidationException([
        { field: 'now', reason },
        { field: 'advanceMs', reason },
      ]);
    }
    const move = { frozen: body.frozen === true };
    if (body.now !== undefined) clock.set(body.now, move);
    else clock.advance(body.advanceMs as number, move);
    return { now: clock.now().toISOString(), frozen: clock.frozen };
  }

  /** The route answers only for a process that enabled the test clock (404 as if absent otherwise). */
  private movable(): AdjustableClock {
    if (!this.config.testClock || !isAdjustableClock(this.clock)) throw new NotFoundException('Cannot find the test clock: LINCHPIN_TEST_CLOCK is off');
    return this.clock;
  }
}

