import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { newId } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { BUILT_IN_UPDATE_TEMPLATES } from '../src/domain/update-templates/update-templates';
import { responderPaged } from './support/responder-paged';
import { hear, triaged } from './support/status-page-incident';

/** A stakeholder's webhook endpoint: keeps every status update it is sent. */
class Subscriber {
  readonly bodies: Record<string, unknown>[] = [];
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const PUBLIC_URL = 'https://linchpin.example.com';
const VIEWER = generateApiToken();
const RESPONDER = generateApiToken();

describe('status updates with an audience, impact, eta and templates (SQLite + in-process bus)', () => {
  let comms: ServiceApp;
  const subscriber = new Subscriber();

  beforeAll(async () => {
    await subscriber.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      apiTokens: { [VIEWER]: { roles: ['viewer'] }, [RESPONDER]: { roles: ['responder'] } },
      env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8', COMMS_DELIVERY_BACKOFF_MS: '20', LINCHPIN_PUBLIC_URL: PUBLIC_URL },
    });
  });

  afterAll(async () => {
    await comms.close();
    await subscriber.stop();
  });

  /** An incident comms knows (coordination's page) and, when given, triage's service and priority. */
  const incident = async (triage?: { service: string; priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5' }): Promise<string> => {
    const incidentId = newId();
    if (triage) await hear(comms, 'triage', triaged(incidentId, triage.service, triage.priority));
    await hear(comms, 'coordination', responderPaged({ incidentId, webhookUrl: 'https://hooks.example.com/pager' }));
    return incidentId;
  };
  const post = (incidentId: string, body: Record<string, unknown>) => comms.http().post(`/comms/incidents/${incidentId}/updates`).send(body);
  const updates = async (incidentId: string) => (await comms.http().get(`/comms/incidents/${incidentId}/updates`).expect(200)).body.updates;
  const stored = async (incidentId: string) => (await comms.store.readStream(`comms-${incidentId}`)).filter((e) => e.type === 'StatusUpdatePosted');
  const received = (incidentId: string) => subscriber.bodies.filter((b) => b.incidentId === incidentId);

  it('posts an update with its audience, phase, impact and eta (StatusUpdatePosted v2); subscriptions get internal and public ones, never responders', async () => {
    const incidentId = await incident();
    await comms.http().post('/comms/subscriptions').send({ webhookUrl: subscriber.url, secret: 'stakeholder-secret-0123', incidentId }).expect(201);

    const forResponders = await post(incidentId, { audience: 'responders', phase: 'investigating', message: 'db-7 pool exhausted; failing over.' }).expect(202);
    const internal = await post(incidentId, { audience: 'internal', phase: 'identified', message: 'Failover in progress.', impact: 'major', eta: '2026-03-01T16:00:00+02:00' }).expect(202);
    const publicUpdate = await post(incidentId, { audience: 'public', phase: 'monitoring', message: 'A fix is in place.', impact: 'minor', eta: null }).expect(202);

    const events = await stored(incidentId);
    expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { incidentId, updateId: forResponders.body.updateId, audience: 'responders', status: 'investigating', message: 'db-7 pool exhausted; failing over.', impact: 'none', eta: null, template: null }],
      [2, { incidentId, updateId: internal.body.updateId, audience: 'internal', status: 'identified', message: 'Failover in progress.', impact: 'major', eta: '2026-03-01T14:00:00.000Z', template: null }],
      [2, { incidentId, updateId: publicUpdate.body.updateId, audience: 'public', status: 'monitoring', message: 'A fix is in place.', impact: 'minor', eta: null, template: null }],
    ]);
    expect(await updates(incidentId)).toEqual([
      expect.objectContaining({ audience: 'responders', phase: 'investigating', status: 'investigating', impact: 'none', eta: null, template: null }),
      expect.objectContaining({ audience: 'internal', phase: 'identified', impact: 'major', eta: '2026-03-01T14:00:00.000Z' }),
      expect.objectContaining({ audience: 'public', phase: 'monitoring', impact: 'minor', postedAt: expect.any(String) }),
    ]);

    const delivered = await eventually('the internal and public updates at the subscriber', async () => (received(incidentId).length >= 2 ? received(incidentId) : undefined));
    expect(delivered.map((b) => b.updateId).sort()).toEqual([internal.body.updateId, publicUpdate.body.updateId].sort());
    expect(delivered.find((b) => b.updateId === internal.body.updateId)).toMatchObject({
      type: 'status-update',
      audience: 'internal',
      status: 'identified',
      impact: 'major',
      eta: '2026-03-01T14:00:00.000Z',
    });
    // The responders' update was never requested for the subscription (requests are recorded before anything is sent).
    const requests = (await comms.store.readAll()).filter((e) => e.type === 'DeliveryRequested' && (e.data as { subjectId?: string }).subjectId === forResponders.body.updateId);
    expect(requests).toEqual([]);
  });

  it('keeps old clients working: `status` alone is the phase, the audience defaults to internal and the impact to none', async () => {
    const incidentId = await incident();
    await post(incidentId, { status: 'identified', message: 'Found it' }).expect(202);
    expect((await stored(incidentId)).map((e) => e.data)).toEqual([expect.objectContaining({ audience: 'internal', status: 'identified', impact: 'none', eta: null })]);
  });

  it('answers 400 naming each wrong field, and stores nothing', async () => {
    const incidentId = await incident();
    const fields = async (body: Record<string, unknown>) => ((await post(incidentId, body).expect(400)).body.errors as { field: string }[]).map((e) => e.field);
    expect(await fields({ message: 'no phase' })).toEqual(['phase']);
    expect(await fields({ phase: 'identified', audience: 'everyone', impact: 'huge', eta: 'tomorrow', message: 'x' })).toEqual(expect.arrayContaining(['audience', 'impact', 'eta']));
    expect(await fields({ phase: 'identified', eta: '2026-03-01', message: 'a date is not an instant' })).toEqual(['eta']);
    expect(await fields({ phase: 'identified', status: 'resolved', message: 'which one?' })).toEqual(['status']);
    expect(await fields({ phase: 'resolved', status: 'resolved', message: 'one name is enough' })).toEqual(['status']);
    expect(await fields({ phase: 'identified', message: '   ' })).toEqual(['message']);
    expect(await stored(incidentId)).toEqual([]);
  });

  it("renders the phase's built-in template (version 1) for the incident's service, priority and eta when no message is given", async () => {
    const incidentId = await incident({ service: 'checkout', priority: 'P2' });
    await post(incidentId, { audience: 'public', phase: 'investigating', eta: '2026-03-01T14:00:00Z' }).expect(202);
    const [update] = await updates(incidentId);
    expect(update).toMatchObject({
      message: 'We are investigating an issue affecting checkout. We expect to resolve it by 2026-03-01T14:00:00.000Z.',
      template: { id: 'investigating', version: 1 },
    });
    // Before triage's decision comms knows no service: the variable is empty and the template says so its way.
    const untriaged = await incident();
    await post(untriaged, { phase: 'resolved' }).expect(202);
    expect((await updates(untriaged))[0]).toMatchObject({ message: 'The issue affecting one of our services has been resolved.', template: { id: 'resolved', version: 1 } });
  });

  it('versions the templates (admin writes, viewer reads, history kept); an update names the version and priority override it was rendered from', async () => {
    const current = (await comms.http().get('/comms/update-templates').expect(200)).body;
    expect(current).toMatchObject({ templatesId: 'default', builtIn: true, templates: BUILT_IN_UPDATE_TEMPLATES });
    const templates = {
      ...current.templates,
      identified: {
        message: '{{service}}: cause identified ({{impact}} impact).',
        priorities: { P1: '[{{priority}}] {{service}}: cause identified{{#if eta}}, fix expected by {{eta}}{{/if}}. Details: {{incidentUrl}}' },
      },
    };
    const changed = await comms.http().put('/comms/update-templates').send({ templates, reason: 'P1 says more', basedOnVersion: current.version }).expect(200);
    expect(changed.body).toMatchObject({ version: current.version + 1, changed: true, builtIn: false, reason: 'P1 says more', templates });
    const again = await comms.http().put('/comms/update-templates').send({ templates }).expect(200);
    expect(again.body).toMatchObject({ version: current.version + 1, changed: false });
    const stale = await comms.http().put('/comms/update-templates').send({ templates: BUILT_IN_UPDATE_TEMPLATES, basedOnVersion: current.version }).expect(409);
    expect(stale.body).toMatchObject({ code: 'update_templates_stale' });
    const history = (await comms.http().get('/comms/update-templates/versions').expect(200)).body.items;
    expect(history.map((v: { version: number }) => v.version)).toEqual([...Array(current.version + 1).keys()].map((i) => i + 1));
    expect(history[history.length - 1]).toMatchObject({ reason: 'P1 says more', versionedBy: 'admin', versionedAt: expect.any(String) });

    const p1 = await incident({ service: 'payments', priority: 'P1' });
    await post(p1, { phase: 'identified', impact: 'critical', eta: '2026-03-01T14:00:00Z' }).expect(202);
    expect((await updates(p1))[0]).toMatchObject({
      message: `[P1] payments: cause identified, fix expected by 2026-03-01T14:00:00.000Z. Details: ${PUBLIC_URL}/coordination/incidents/${p1}`,
      template: { id: 'identified.P1', version: current.version + 1 },
    });
    const p3 = await incident({ service: 'search', priority: 'P3' });
    await post(p3, { phase: 'identified', impact: 'minor' }).expect(202);
    expect((await updates(p3))[0]).toMatchObject({ message: 'search: cause identified (minor impact).', template: { id: 'identified', version: current.version + 1 } });
    // A message given by hand wins over the template.
    await post(p3, { phase: 'identified', message: 'Written by hand' }).expect(202);
    expect((await updates(p3))[1]).toMatchObject({ message: 'Written by hand', template: null });
  });

  it('refuses templates that do not compile or name what is unknown with a 400 naming templates.<phase>…; only an admin changes them', async () => {
    const before = (await comms.http().get('/comms/update-templates').expect(200)).body;
    const templates = {
      ...BUILT_IN_UPDATE_TEMPLATES,
      investigating: { message: '{{#if service}}unclosed' },
      monitoring: { message: 'ok', priorities: { P2: 'Dear {{customer}}' } },
      resolved: { message: '{{lookup service "constructor"}}' },
    };
    const refused = await comms.http().put('/comms/update-templates').send({ templates }).expect(400);
    expect(refused.body.errors).toEqual([
      { field: 'templates.investigating.message', reason: expect.stringMatching(/^does not compile/) },
      { field: 'templates.monitoring.priorities.P2', reason: expect.stringMatching(/unknown variable \{\{customer\}\}/) },
      { field: 'templates.resolved.message', reason: expect.stringMatching(/uses a helper/) },
    ]);
    expect((await comms.http().get('/comms/update-templates').expect(200)).body.version).toBe(before.version);

    expect((await comms.httpAs(VIEWER).get('/comms/update-templates').expect(200)).body.version).toBe(before.version);
    await comms.httpAs(VIEWER).get('/comms/update-templates/versions').expect(200);
    const forbidden = await comms.httpAs(RESPONDER).put('/comms/update-templates').send({ templates: BUILT_IN_UPDATE_TEMPLATES }).expect(403);
    expect(forbidden.body.code).toBe('insufficient_role');
  });

  it("renders {{title}} as triage titled the incident (IncidentTriaged's title); empty, so false for #if, until triage's decision arrived", async () => {
    const current = (await comms.http().get('/comms/update-templates').expect(200)).body;
    const templates = { ...current.templates, investigating: { message: '{{#if title}}"{{title}}"{{else}}An incident{{/if}} ({{priority}}): we are investigating.' } };
    const changed = await comms.http().put('/comms/update-templates').send({ templates, reason: 'name the incident' }).expect(200);

    const titled = await incident({ service: 'checkout', priority: 'P2' });
    await post(titled, { phase: 'investigating' }).expect(202);
    expect((await updates(titled))[0]).toMatchObject({
      message: '"db-7.internal: connection pool exhausted for customer acme" (P2): we are investigating.',
      template: { id: 'investigating', version: changed.body.version },
    });
    const untriaged = await incident();
    await post(untriaged, { phase: 'investigating' }).expect(202);
    expect((await updates(untriaged))[0]).toMatchObject({ message: 'An incident (): we are investigating.' });
  });
});
