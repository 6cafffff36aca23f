// kafkajs 2.2.4 is patched at install (patches/, by patch-package from the root postinstall).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  checkPendingRequests(): void;
  destroy(): void;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  throttledUntil: number;
  pending: unknown[];
};

const queue = () =>
  new RequestQueue({
    instrumentationEmitter: { emit: () => undefined },
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: 'localhost:1',
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, namespace() { return this; } },
    isConnected: () => true,
  });

describe('kafkajs request queue (patched)', () => {
  let q: ReturnType<typeof queue>;
  beforeEach(() => (q = queue()));
  // Unpatched, the check reschedules itself every 1 ms for ever: destroy stops it either way.
  afterEach(() => q.destroy());

  it('schedules no check while nothing is pending and nothing throttles: an idle connection costs no 1 ms timer loop', () => {
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules a check while the broker throttles it, so a request held back is sent later', () => {
    q.throttledUntil = Date.now() + 50;
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });
});

describe('kafkajs consumer (patched)', () => {
  it('keeps the member id of a consumer it restarts after a crash (see README: a broker outage longer than the session)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const source = require('node:fs').readFileSync(require.resolve('kafkajs/src/consumer/index.js'), 'utf8') as string;
    expect(source).toContain('consumerGroup.memberId = memberIdToResume');
    expect(source).toContain('memberIdToResume = crashedGroup ? crashedGroup.memberId : null');
  });
});
