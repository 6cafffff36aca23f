import { ADMIN_PRINCIPAL, Principal } from './access/principal';
import { requestContext, senderContext } from './request-context';

const person: Principal = { actor: 'person:7b0c5d0e-0000-4000-8000-000000000001', kind: 'api-token', name: 'alice laptop', roles: ['responder'], team: null, personId: '7b0c5d0e-0000-4000-8000-000000000001' };
const request = (headers: Record<string, string | string[]> = {}, principal: Principal | undefined = person) => ({ headers, principal });

describe('requestContext: who is asking is the authenticated principal, on every route', () => {
  it('takes the actor from the principal, never from X-Actor', () => {
    expect(requestContext(request({ 'x-actor': 'user:bob' })).actor).toBe(person.actor);
    expect(requestContext(request({}, ADMIN_PRINCIPAL)).actor).toBe('admin');
  });

  it("records a body's `by` as onBehalfOf, trimmed, and only when it says something", () => {
    expect(requestContext(request(), ' alice from support ')).toMatchObject({ actor: person.actor, onBehalfOf: 'alice from support' });
    expect(requestContext(request(), '  ')).not.toHaveProperty('onBehalfOf');
    expect(requestContext(request())).not.toHaveProperty('onBehalfOf');
  });

  it('refuses a request the AccessGuard did not see (a wiring bug, not an anonymous actor)', () => {
    expect(() => requestContext({ headers: {} })).toThrow(/AccessGuard/);
  });

  it("gives a public sender route its integration's actor", () => {
    expect(senderContext({ headers: {} }, 'integration:abc').actor).toBe('integration:abc');
  });

  it('gives every request its own id, and carries an Idempotency-Key only when one was sent', () => {
    const first = requestContext(request({ 'idempotency-key': ' k-1 ' }));
    const second = requestContext(request());
    expect(first.requestId).not.toBe(second.requestId);
    expect(first.idempotencyKey).toBe('k-1');
    expect(second).not.toHaveProperty('idempotencyKey');
  });
});
