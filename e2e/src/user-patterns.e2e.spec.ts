import { bearer, eventually, RunningService, startService, tempDir } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './support/http';

/*
 * A pattern someone configures must not stall the process that evaluates it. `(a+)+$` against
 * `a…a!` backtracks exponentially on JavaScript's RegExp: at 1,024 characters it never finishes,
 * and while it runs the process answers nothing, not even /health/live. The app runs as its own
 * process so that a frozen app fails the test instead of freezing the test runner with it.
 */
const EVIL = '(a+)+$';
const NO_MATCH = `${'a'.repeat(1023)}!`;
const MATCH = 'a'.repeat(1024);

describe('user-supplied patterns cannot stall the process (standalone process, SQLite)', () => {
  let app: RunningService;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    const dir = tempDir('e2e-patterns');
    app = await startService('standalone', { SQLITE_PATH: `${dir}/linchpin.db`, COMMS_SIGNING_SECRET: 'e2e-patterns-signing-secret-0123' }, dir);
  });

  afterAll(async () => app?.stop());

  /** The request is sent first and not awaited: the liveness probe goes out while it is in flight. */
  const alongsideLiveness = async <T>(inFlight: Promise<T>): Promise<T> => {
    // A frozen app fails this test by its timeout; the request it never answered must not crash the runner after.
    inFlight.catch(() => undefined);
    const live = await fetch(`${app.url}/health/live`);
    expect(live.status).toBe(200);
    return inFlight;
  };

  const incidentOf = async (summary: string, label: string): Promise<string> => {
    const alert = await postJson(`${app.url}/detection/alerts`, { source: 'prometheus', summary, severity: 'warning', labels: { alertname: label, run } });
    expect(alert.status).toBe(202);
    return alert.body.incidentId;
  };

  const routedTeam = (incidentId: string) =>
    eventually(`incident ${incidentId} triaged`, async () => {
      const { status, body } = await getJson(`${app.url}/triage/incidents/${incidentId}`);
      return status === 200 && body.triaged ? (body.route.team as string) : undefined;
    });

  const evilRules = { rules: [{ id: 'all-as', when: { text: EVIL }, route: { team: 'as-team' } }], defaultRoute: { team: 'operations' } };

  it('POST /triage/simulate evaluates the pattern against a 1,024-character title while /health/live answers', async () => {
    expect(NO_MATCH).toHaveLength(1024);
    const from = new Date(Date.now() - 60_000).toISOString();
    const noMatch = await incidentOf(NO_MATCH, 'simulate-no-match');
    const match = await incidentOf(MATCH, 'simulate-match');
    await routedTeam(noMatch);
    await routedTeam(match);
    const to = new Date(Date.now() + 60_000).toISOString();

    const simulated = await alongsideLiveness(postJson(`${app.url}/triage/simulate`, { from, to, routing: evilRules }));
    expect(simulated.status).toBe(200);
    const teamOf = (id: string) => simulated.body.incidents.find((i: any) => i.incidentId === id)?.simulated.team;
    expect(teamOf(noMatch)).toBe('operations');
    expect(teamOf(match)).toBe('as-team');
  });

  it('PUT /triage/routing-rules stores the pattern; incidents are routed by it while /health/live answers', async () => {
    const put = await fetch(`${app.url}/triage/routing-rules`, { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer() }, body: JSON.stringify(evilRules) });
    expect(put.status).toBe(200);

    const noMatch = await alongsideLiveness(incidentOf(NO_MATCH, 'routed-no-match'));
    expect(await alongsideLiveness(routedTeam(noMatch))).toBe('operations');
    const match = await incidentOf(MATCH, 'routed-match');
    expect(await alongsideLiveness(routedTeam(match))).toBe('as-team');
  });

  it('a log rule evaluates the pattern over a long line while /health/live answers, and alerts only on a match', async () => {
    const rule = { id: 'all-as', name: `Only as (${run})`, pattern: EVIL, threshold: 1, windowSeconds: 60, severity: 'warning' };
    const created = await postJson(`${app.url}/detection/integrations`, { name: `logs-${run}`, kind: 'logs', service: 'checkout', logRules: [rule] });
    expect(created.status).toBe(201);
    const send = (line: string) =>
      fetch(`${app.url}/detection/integrations/logs/${created.body.key}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: line }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }));

    const long = `${'a'.repeat(8191)}!`;
    const quiet = await alongsideLiveness(send(long));
    expect(quiet).toEqual({ status: 202, body: { received: 1, results: [] } });

    const raised = await alongsideLiveness(send('a'.repeat(8192)));
    expect(raised.status).toBe(202);
    expect(raised.body.results).toEqual([expect.objectContaining({ outcome: 'opened' })]);
  });

  it('a backreference is refused with 400 naming the field, in both places, and nothing is stored', async () => {
    const backreference = { rules: [{ id: 'twice', when: { text: '(a)\\1' }, route: { team: 'as-team' } }], defaultRoute: { team: 'operations' } };
    const before = (await getJson(`${app.url}/triage/routing-rules`)).body.version;

    const simulate = await postJson(`${app.url}/triage/simulate`, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', routing: backreference });
    expect(simulate.status).toBe(400);
    expect(simulate.body.errors).toEqual([{ field: 'routing.rules.0.when.text', reason: expect.stringContaining('uses a backreference') }]);

    const put = await fetch(`${app.url}/triage/routing-rules`, { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer() }, body: JSON.stringify(backreference) });
    expect(put.status).toBe(400);
    expect(put.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await put.json()) as any).errors).toEqual([{ field: 'rules.0.when.text', reason: expect.stringContaining('uses a backreference') }]);
    expect((await getJson(`${app.url}/triage/routing-rules`)).body.version).toBe(before);

    const integrations = (await getJson(`${app.url}/detection/integrations`)).body.length;
    const logRule = { id: 'twice', name: 'Twice', pattern: '(a)\\1', threshold: 1, windowSeconds: 60, severity: 'warning' };
    const created = await postJson(`${app.url}/detection/integrations`, { name: `refused-${run}`, kind: 'logs', service: 'checkout', logRules: [logRule] });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([{ field: 'logRules.0.pattern', reason: expect.stringContaining('uses a backreference') }]);
    expect((await getJson(`${app.url}/detection/integrations`)).body).toHaveLength(integrations);
  });
});
