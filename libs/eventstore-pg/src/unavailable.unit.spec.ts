import { isUnreachable } from './unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isUnreachable', () => {
  it('takes a down, restarting or cut-off server for unreachable', () => {
    expect(isUnreachable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isUnreachable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isUnreachable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isUnreachable(withCode('connection failure', '08006'))).toBe(true);
    expect(isUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves a refused statement as it is: a conflict or a bug is not worth a retry later', () => {
    expect(isUnreachable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isUnreachable(withCode('syntax error', '42601'))).toBe(false);
    expect(isUnreachable('ECONNREFUSED')).toBe(false);
  });
});
