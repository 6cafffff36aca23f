import type { Server } from 'node:http';
import request from 'supertest';

/**
 * The admin token every test process is started with (LINCHPIN_ADMIN_TOKEN, set by startServiceApp,
 * startService and the standalone's embedded app): a test acts as admin unless it is about who acts,
 * where it issues and sends a token of its own. Same format as a real token (`lp_` + 43 characters).
 */
export const TEST_ADMIN_TOKEN = 'lp_TESTadminTOKENforLinchpinTestsOnly000000000';

/** `{ Authorization: 'Bearer <token>' }` for fetch and supertest. */
export const bearer = (token: string = TEST_ADMIN_TOKEN): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

/**
 * A supertest client whose every request carries `Authorization: Bearer <token>` (the test admin
 * token by default); a request may still `.set('Authorization', …)` or `.unset('Authorization')`.
 */
export function authorized(server: Server | string, token: string = TEST_ADMIN_TOKEN): ReturnType<typeof request> {
  return request.agent(server).set('Authorization', `Bearer ${token}`);
}

/** As admin: what the tests that are not about access use for their requests. */
export const asAdmin = (server: Server | string): ReturnType<typeof request> => authorized(server, TEST_ADMIN_TOKEN);
