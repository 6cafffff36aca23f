import { RunningService, startService, tempDir, WebhookReceiver } from '@linchpin/testing';
import { Endpoints, runIncidentScenario } from './support/incident-scenario';

describe('the standalone process (embedded SQLite and in-process bus)', () => {
  const receiver = new WebhookReceiver();
  const pageSecret = 'e2e-standalone-signing-secret-0123';
  let standalone: RunningService;
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    const dir = tempDir('e2e-standalone');
    // The webhook receiver listens on loopback, which the outbound guard refuses unless allowed.
    standalone = await startService('standalone', { SQLITE_PATH: `${dir}/linchpin.db`, COMMS_SIGNING_SECRET: pageSecret, OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' }, dir);
  });

  afterAll(async () => {
    await standalone?.stop();
    await receiver.stop();
  });

  it('runs the same incident scenario on one port', async () => {
    const url = standalone.url;
    const urls: Endpoints = { detection: url, triage: url, coordination: url, comms: url, review: url };
    await runIncidentScenario({ urls, receiver, receiverUrl, pageSecret });
  });
});
