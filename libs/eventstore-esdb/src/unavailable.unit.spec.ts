import { UnavailableError } from '@eventstore/db-client';
import { StoreUnavailableError } from '@linchpin/eventsourcing';
import { rethrowUnavailable } from './unavailable';

describe('rethrowUnavailable', () => {
  it("turns the client's UnavailableError into StoreUnavailableError (503, and the buses hold the message)", () => {
    const down = new UnavailableError(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: undefined as never }) as never);
    expect(() => rethrowUnavailable(down)).toThrow(StoreUnavailableError);
  });

  it('leaves any other error as it is', () => {
    const other = new Error('WrongExpectedVersion');
    expect(() => rethrowUnavailable(other)).toThrow(other);
  });
});
