import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ACCESS_EXTENSION, BEARER_SCHEME, DOCS_PATH, OPENAPI_JSON_PATH, OPENAPI_YAML_PATH, Role, ROLES, rolesAllow } from '@linchpin/platform';
import { asAdmin, authorized, bearer, eventually, TEST_ADMIN_TOKEN } from '@linchpin/testing';
import type { EmbeddedApp } from './support/embedded-app';

/*
 * Issue 14, "done when": every operation of the standalone's own OpenAPI document, walked over real
 * HTTP three times: with no token, with each token whose roles fall short of the role the document
 * declares, and with the least role that has it. The document is the contract a client reads, so the
 * walk checks the process keeps it: a declared role the guard does not enforce (or enforces higher)
 * fails here, as does an operation that declares no access at all.
 */

const PROBLEM = /^application\/problem\+json/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
type Method = (typeof METHODS)[number];

interface Parameter {
  name: string;
  in: string;
  schema?: { format?: string; type?: string; enum?: string[]; example?: unknown };
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: Record<string, unknown>[];
  [ACCESS_EXTENSION]?: { role?: string; reason?: string };
}
interface Walked {
  name: string;
  method: Method;
  path: string;
  operation: Operation;
  /** The declared role, or `public`; undefined when the document declares none (which fails the walk). */
  role: Role | 'public' | undefined;
}

/**
 * Operations that no token can be refused by role (every role satisfies them), each with why. None
 * today: `sender` is outside the ranking, so a sender-only token is the wrong one for a viewer's
 * operation, and a viewer-only one for a sender's.
 */
const NO_WRONG_ROLE: Record<string, string> = {};

/**
 * Issue 14's decisions, as the role each operation must declare (the first rule that matches
 * `METHOD /path` wins): the document is checked against these, so a route declared with another role
 * than decided fails the walk even when the guard enforces what the document says.
 */
const DECIDED: [RegExp, Role | 'public'][] = [
  // Probes and scrapes; senders that carry an integration key (in the path, or PagerDuty's routing_key).
  [/^GET \/health\//, 'public'],
  [/^GET \/metrics$/, 'public'],
  [/^POST (\/detection)?\/v2\/(change\/)?enqueue$/, 'public'],
  [/^POST \/detection\/integrations\/[a-z]+\/\{key\}$/, 'public'],
  // A signed one-purpose link: its signature is the credential.
  [/^(GET|POST) \/coordination\/links\/acknowledge\/\{token\}$/, 'public'],
  [/^(GET|POST) \/comms\/links\/unsubscribe\/\{token\}$/, 'public'],
  // The public status page (issue 15): what stakeholders and customers read, public updates only.
  [/^GET \/status(\.json|\/feed\.atom)?$/, 'public'],
  // Systems posting signals with a token; and changes (issue 16: deploys, configuration).
  [/^POST \/detection\/(alerts|reports|changes)$/, 'sender'],
  // Tokens and the test clock: admin, reads included.
  [/^\w+ \/coordination\/api-tokens/, 'admin'],
  [/^\w+ \/testing\/clock/, 'admin'],
  // Reads, and simulations that write nothing.
  [/^GET /, 'viewer'],
  [/^POST \/(triage|coordination)\/simulate$/, 'viewer'],
  // Priority overrides, merge and unmerge, reassign, escalate by hand.
  [/^POST \/triage\/incidents\/\{incidentId\}\/priority(\/clear)?$/, 'incident-manager'],
  [/^POST \/coordination\/incidents\/\{id\}\/(merge|unmerge|reassign|escalate)$/, 'incident-manager'],
  // issue 15: retrying a dead letter sends again to a person or a subscriber
  [/^POST \/comms\/deliveries\/\{id\}\/retry$/, 'incident-manager'],
  // issue 16: a postmortem is published (and reopened) by an incident-manager, who also sets which priorities require one.
  [/^POST \/review\/incidents\/\{id\}\/postmortem\/(publish|reopen)$/, 'incident-manager'],
  [/^PUT \/review\/postmortem-policy$/, 'incident-manager'],
  // Incident actions: acknowledge, resolve, status, tasks, roles, snooze, responders, links; status updates.
  [/^\w+ \/coordination\/(incidents\/\{id\}|tasks)\//, 'responder'],
  [/^POST \/comms\/incidents\/\{id\}\/updates$/, 'responder'],
  // issue 16: people's notes on an incident's timeline, and their corrections.
  [/^POST \/review\/incidents\/\{id\}\/notes(\/\{noteId\}\/corrections)?$/, 'responder'],
  // issue 16: responders open and write postmortems: sections, action items, asking for review.
  [/^(POST|PUT|PATCH) \/review\/incidents\/\{id\}\/postmortem(\/|$)/, 'responder'],
  // Subscriptions (issue 15): people and their systems subscribe, change and cancel them (a team's token, its team's only).
  [/^(POST|PATCH|DELETE) \/comms\/subscriptions(\/|$)/, 'responder'],
  // Configuration: the catalog, priority matrix, routing rules, teams, people, schedules, escalation policies,
  // SLA targets, integrations (their log rules included), maintenance, correlation policy,
  // status update templates.
  [/^\w+ \/triage\/(services|priority-matrix|routing-rules)(\/|$)/, 'admin'],
  [/^\w+ \/coordination\/(teams|people|schedules|escalation-policies|sla-targets)(\/|$)/, 'admin'],
  [/^\w+ \/detection\/(integrations|maintenance-windows|services\/\{service\}\/correlation)(\/|$)/, 'admin'],
  [/^\w+ \/comms\/(update-templates|update-cadence)(\/|$)/, 'admin'],
];
// A walk sends a few hundred requests; on a loaded two-core CI machine that outlasts the preset's 30 s.
// Nothing here is timed: the ceiling only stops a hung walk.
const WALK_CEILING_MS = 300_000;

const decidedRole = (name: string): Role | 'public' | undefined => DECIDED.find(([pattern]) => pattern.test(name))?.[1];

/** Whom a request is sent as: no token, or a token issued for exactly one role. */
type Caller = 'no token' | Role;

describe('access walk: every operation of the OpenAPI document, with no token, a wrong role and the right one', () => {
  let standalone: EmbeddedApp;
  let operations: Walked[];
  /** An API token per role, issued by the admin through the API. */
  const tokens = {} as Record<Role, string>;
  /** An integration key per sender kind, so that a `{key}` path names a real integration. */
  const keys = new Map<string, string>();
  const testClockBefore = process.env.LINCHPIN_TEST_CLOCK;

  const server = () => standalone.app.getHttpServer();

  beforeAll(async () => {
    // The test clock adds its admin-only operations (GET and PUT /testing/clock), so that the walk covers them too.
    // Its controller is mounted by what the environment says when the app's modules are declared: set it before
    // this file loads them (Jest gives each test file its own modules), and put it back after.
    process.env.LINCHPIN_TEST_CLOCK = '1';
    const { startEmbedded } = await import('./support/embedded-app');
    standalone = await startEmbedded('access-walk');
    const { body: document } = await request(server()).get('/openapi.json').expect(200);
    operations = Object.entries(document.paths as Record<string, Partial<Record<Method, Operation>>>).flatMap(([path, item]) =>
      METHODS.flatMap((method): Walked[] => {
        const operation = item[method];
        if (!operation) return [];
        const declared = operation[ACCESS_EXTENSION]?.role;
        const role = declared === 'public' || (ROLES as readonly string[]).includes(declared ?? '') ? (declared as Role | 'public') : undefined;
        return [{ name: `${method.toUpperCase()} ${path}`, method, path, operation, role }];
      }),
    );

    for (const role of ROLES) {
      const issued = await asAdmin(server()).post('/coordination/api-tokens').send({ name: `access walk ${role}`, roles: [role] }).expect(201);
      tokens[role] = issued.body.token as string;
    }
    // The token projection follows the events: each token is known once a read answers other than 401 (403 for the sender).
    for (const role of ROLES) {
      await eventually(`the ${role} token is known`, async () => ((await authorized(server(), tokens[role]).get('/coordination/incidents')).status !== 401 ? true : undefined));
    }
    for (const kind of ['alertmanager', 'grafana', 'logs']) {
      const created = await asAdmin(server())
        .post('/detection/integrations')
        .send({ name: `access walk ${kind}`, kind, service: 'checkout' })
        .expect(201);
      keys.set(kind, created.body.key as string);
    }
  });

  afterAll(async () => {
    await standalone?.close();
    if (testClockBefore === undefined) delete process.env.LINCHPIN_TEST_CLOCK;
    else process.env.LINCHPIN_TEST_CLOCK = testClockBefore;
  });

  /**
   * The path with each parameter filled: a fresh UUID, an enum's first value, 1 for an integer, a real integration key
   * (of the path's kind; a heartbeat's is any integration's), else the documented example.
   */
  function urlOf({ path, operation }: Walked): string {
    return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const schema = operation.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema ?? {};
      if (schema.format === 'uuid') return randomUUID();
      if (schema.enum?.length) return schema.enum[0];
      if (schema.type === 'integer') return '1';
      if (name === 'key') return keys.get(/\/integrations\/([^/]+)\//.exec(path)?.[1] ?? '') ?? keys.get('alertmanager') ?? '';
      return schema.example === undefined ? 'checkout' : String(schema.example);
    });
  }

  /** One request over HTTP as `caller`, with `{}` as the body where the operation takes one. */
  function send(walked: Walked, caller: Caller): request.Test {
    const client = caller === 'no token' ? request(server()) : authorized(server(), tokens[caller]);
    const test = (client as unknown as Record<Method, (url: string) => request.Test>)[walked.method](urlOf(walked));
    return walked.operation.requestBody ? test.send({}) : test;
  }

  const guarded = () => operations.filter((o) => o.role !== undefined && o.role !== 'public') as (Walked & { role: Role })[];
  const wrongRoles = (role: Role): Role[] => ROLES.filter((held) => !rolesAllow([held], role));

  it('finds a declared role (or public, with why) on every operation, and security that says the same', () => {
    expect(operations.length).toBeGreaterThan(100);
    expect(operations.filter((o) => o.role === undefined).map((o) => `${o.name}: ${JSON.stringify(o.operation[ACCESS_EXTENSION])}`)).toEqual([]);
    const inconsistent = operations.filter((o) =>
      o.role === 'public'
        ? !o.operation[ACCESS_EXTENSION]?.reason?.trim() || JSON.stringify(o.operation.security) !== '[]'
        : JSON.stringify(o.operation.security) !== JSON.stringify([{ [BEARER_SCHEME]: [] }]),
    );
    expect(inconsistent.map((o) => o.name)).toEqual([]);
    // Every operation but those listed has a role that falls short of it.
    expect(guarded().filter((o) => wrongRoles(o.role).length === 0).map((o) => o.name)).toEqual(Object.keys(NO_WRONG_ROLE));

    const perRole = Object.fromEntries(ROLES.map((role) => [role, guarded().filter((o) => o.role === role).length]));
    console.log(`access walk: ${operations.length} operations, ${operations.filter((o) => o.role === 'public').length} public, by role ${JSON.stringify(perRole)}`);
  });

  it('declares the role issue 14 decided for each operation', () => {
    const differing = operations.filter((o) => o.role !== decidedRole(o.name)).map((o) => `${o.name}: declares ${o.role}, decided ${decidedRole(o.name)}`);
    expect(differing).toEqual([]);
  });

  it('with no token: a public operation lets the request through; every other answers 401 problem+json with WWW-Authenticate: Bearer', async () => {
    const wrong: string[] = [];
    for (const walked of operations) {
      const response = await send(walked, 'no token');
      if (walked.role === 'public') {
        // A signed link's route asks for no token; the walk's made-up link fails its signature check instead.
        const linkRefused = walked.name.includes('/links/') && response.status === 401 && response.body.type === 'urn:linchpin:problem:invalid-link';
        if ((response.status === 401 || response.status === 403) && !linkRefused) wrong.push(`${walked.name}: public, yet ${response.status}`);
        continue;
      }
      const challenge = String(response.headers['www-authenticate'] ?? '');
      if (response.status !== 401 || !PROBLEM.test(response.headers['content-type'] ?? '') || !challenge.startsWith('Bearer') || response.body.code !== 'missing') {
        wrong.push(`${walked.name}: ${response.status} ${response.headers['content-type']} WWW-Authenticate=${challenge}`);
      }
    }
    expect(wrong).toEqual([]);
  }, WALK_CEILING_MS);

  it('with a token whose roles fall short: 403 problem+json naming the role the document declares and the one held', async () => {
    const wrong: string[] = [];
    for (const walked of guarded()) {
      for (const held of wrongRoles(walked.role)) {
        const response = await send(walked, held);
        const detail = String(response.body?.detail ?? '');
        if (
          response.status !== 403 ||
          !PROBLEM.test(response.headers['content-type'] ?? '') ||
          response.body.code !== 'insufficient_role' ||
          !detail.includes(`needs the role ${walked.role}`) ||
          !detail.endsWith(`holds ${held}`)
        ) {
          wrong.push(`${walked.name} as ${held}: ${response.status} ${response.headers['content-type']} ${detail}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, WALK_CEILING_MS);

  // The least role that may call an operation is the one it declares: each role satisfies itself, and no lower one does.
  it('with the least role that may (the declared one): the access check lets it through (any answer but 401, 403 or a server error)', async () => {
    const wrong: string[] = [];
    for (const walked of guarded()) {
      const response = await send(walked, walked.role);
      if (response.status === 401 || response.status === 403 || response.status >= 500) {
        wrong.push(`${walked.name} as ${walked.role}: ${response.status} ${String(response.body?.detail ?? '')}`);
      }
    }
    expect(wrong).toEqual([]);
  }, WALK_CEILING_MS);

  it('keeps the signal routes for senders: POST /detection/alerts and /detection/reports let a sender in and refuse a viewer', async () => {
    for (const path of ['/detection/alerts', '/detection/reports']) {
      const walked = operations.find((o) => o.name === `POST ${path}`);
      expect(walked?.role).toBe('sender');
      expect([401, 403]).not.toContain((await send(walked as Walked, 'sender')).status);
      const refused = await send(walked as Walked, 'viewer').expect(403);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
    }
  });

  it('serves the document and its Swagger UI without a token (they describe the API, and are not operations of it)', async () => {
    for (const path of [OPENAPI_JSON_PATH, OPENAPI_YAML_PATH, DOCS_PATH]) await request(server()).get(`/${path}`).expect(200);
  });
});

describe('access walk with METRICS_TOKEN set: /metrics is no longer public', () => {
  const metricsToken = 'metrics-scrape-token-for-the-access-walk';
  let standalone: EmbeddedApp;
  const server = () => standalone.app.getHttpServer();

  beforeAll(async () => {
    const { startEmbedded } = await import('./support/embedded-app');
    standalone = await startEmbedded('access-walk-metrics', { METRICS_TOKEN: metricsToken });
  });
  afterAll(async () => {
    await standalone?.close();
  });

  it('documents it, answers 401 without a token, 403 to every role but admin, and lets the METRICS_TOKEN (or admin) scrape', async () => {
    const { body: document } = await request(server()).get('/openapi.json').expect(200);
    expect(document.paths['/metrics'].get[ACCESS_EXTENSION]).toEqual({ role: 'metrics-token' });
    expect(document.paths['/metrics'].get.security).toEqual([{ [BEARER_SCHEME]: [] }]);

    const missing = await request(server()).get('/metrics').expect(401);
    expect(missing.headers['content-type']).toMatch(PROBLEM);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const { token } = (await asAdmin(server()).post('/coordination/api-tokens').send({ name: `metrics walk ${role}`, roles: [role] }).expect(201)).body as { token: string };
      const refused = await eventually(`the ${role} token is known`, async () => {
        const response = await request(server()).get('/metrics').set(bearer(token));
        return response.status === 401 ? undefined : response;
      });
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body.code).toBe('insufficient_role');
    }
    await request(server()).get('/metrics').set(bearer(metricsToken)).expect(200);
    await request(server()).get('/metrics').set(bearer(TEST_ADMIN_TOKEN)).expect(200);
  });
});
