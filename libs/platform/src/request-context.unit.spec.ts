import { requestContext } from './request-context';

const request = (headers: Record<string, string | string[]> = {}) => ({ headers });

describe('requestContext: who is asking, read one way on every route', () => {
  it('takes the route’s own actor first, then X-Actor, then the route’s fallback, then api', () => {
    expect(requestContext(request({ 'x-actor': 'user:bob' }), 'alice').actor).toBe('alice');
    expect(requestContext(request({ 'x-actor': ' user:bob ' }), ' ').actor).toBe('user:bob');
    expect(requestContext(request({ 'x-actor': 'user:bob' }), undefined, 'user:reporter').actor).toBe('user:bob');
    expect(requestContext(request({ 'x-actor': '  ' }), undefined, 'user:reporter').actor).toBe('user:reporter');
    expect(requestContext(request()).actor).toBe('api');
  });

  it('gives every request its own id, and carries an Idempotency-Key only when one was sent', () => {
    const first = requestContext(request({ 'idempotency-key': ' k-1 ' }));
    const second = requestContext(request());
    expect(first.requestId).not.toBe(second.requestId);
    expect(first.idempotencyKey).toBe('k-1');
    expect(second).not.toHaveProperty('idempotencyKey');
  });
});
