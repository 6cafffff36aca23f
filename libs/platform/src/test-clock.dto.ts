import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateBy, ValidationOptions, isISO8601 } from 'class-validator';

/** A whole instant: date, time and zone (`Z` or an offset), so no server's local time zone is guessed. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && INSTANT.test(value) && isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value)),
      },
    },
    options,
  );
}

/** A hundred years: far enough for any test, near enough that the instant stays representable. */
export const MAX_ADVANCE_MS = 100 * 365 * 24 * 3_600_000;

export class MoveClockDto {
  @ApiPropertyOptional({
    example: '2026-03-08T07:30:00Z',
    description: 'Jump to this instant (ISO 8601 with `Z` or an offset); may be earlier than now. Give this or `advanceMs`, not both.',
  })
  @IsOptional()
  @IsInstant({ message: 'must be an ISO 8601 instant with a time zone, such as 2026-03-08T07:30:00Z' })
  now?: string;

  @ApiPropertyOptional({ example: 900000, minimum: 0, maximum: MAX_ADVANCE_MS, description: 'Move on by this many milliseconds (never back). Give this or `now`, not both.' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(0, { message: 'must not be negative: to move the clock back, set `now`' })
  @Max(MAX_ADVANCE_MS, { message: `must be at most ${MAX_ADVANCE_MS} (a hundred years)` })
  advanceMs?: number;

  @ApiPropertyOptional({
    default: false,
    description:
      'true: the clock stands still at the new instant until the next move, so every fact decided meanwhile gets exactly that instant ' +
      '(tests asserting exact durations across processes); false or absent: time flows on from it.',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  frozen?: boolean;
}

export class ClockDto {
  @ApiProperty({ example: '2026-03-08T07:30:00.000Z', description: 'The service’s time now, as its handlers and timers see it' })
  now!: string;
  @ApiProperty({ description: 'Whether it stands still until the next move (`frozen: true`), else time flows' })
  frozen!: boolean;
}
