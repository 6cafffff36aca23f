import type { ConfigurationProblem } from './load-config';

/*
 * LINCHPIN_TEST_CLOCK=1 gives a service a clock that `PUT /testing/clock` moves, so end-to-end tests
 * reach a deadline (an escalation, a reminder) without waiting for it. It is off by default and
 * refused in production, and the route needs the admin role: a caller moves the service's time.
 */

export const TEST_CLOCK_VARIABLE = 'LINCHPIN_TEST_CLOCK';
export const TEST_CLOCK_VALUES = /^(0|1|true|false)$/i;

type Environment = Readonly<Record<string, string | undefined>>;

/** Whether the environment asks for the test clock (a malformed value is reported by the config, and is off). */
export const isTestClockOn = (env: Environment): boolean => /^(1|true)$/i.test((env[TEST_CLOCK_VARIABLE] ?? '').trim());

/** The refusal of a test clock in production, naming both variables; undefined when the pair is fine. */
export function testClockProblem(env: Environment): ConfigurationProblem | undefined {
  if (!isTestClockOn(env) || (env.NODE_ENV ?? '').trim().toLowerCase() !== 'production') return undefined;
  return {
    variable: TEST_CLOCK_VARIABLE,
    reason: 'must not be on when NODE_ENV=production (it lets any caller move the service’s time); unset it, or unset NODE_ENV for a test run',
    value: (env[TEST_CLOCK_VARIABLE] ?? '').trim(),
  };
}
