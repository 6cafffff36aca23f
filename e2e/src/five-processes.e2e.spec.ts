import { RunningService, startKafka, startService, tempDir, WebhookReceiver } from '@linchpin/testing';
import { Endpoints, runIncidentScenario } from './support/incident-scenario';
import { runFallbackScenario } from './support/fallback-scenario';
import { runRetriageScenario } from './support/retriage-scenario';
import { E2E_PUBLIC_URL, runAcknowledgeLinkScenario, runTeamsAcknowledgeLinkScenario } from './support/acknowledge-link-scenario';
import { CONTEXTS, clusterEnv } from './support/cluster';
import { runStatusPageCatalogScenario } from './support/status-page-scenario';


describe('five services as five processes over a real Kafka broker', () => {
  const receiver = new WebhookReceiver();
  const pageSecret = 'e2e-page-signing-secret-0123456789';
  const services: RunningService[] = [];
  let kafka: Awaited<ReturnType<typeof startKafka>>;
  let receiverUrl: string;
  let logDir: string;

  beforeAll(async () => {
    kafka = await startKafka();
    receiverUrl = await receiver.start();
    logDir = tempDir('e2e-five');
    const env = clusterEnv({ brokers: kafka.brokers, logDir, name: 'e2e', extra: { COMMS_SIGNING_SECRET: pageSecret, LINCHPIN_PUBLIC_URL: E2E_PUBLIC_URL } });
    const started = await Promise.allSettled(CONTEXTS.map((name) => startService(name, env(name), logDir)));
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await receiver.stop();
    await kafka?.stop();
  });

  it('takes an alert to a page, an acknowledgement, a status update and a resolution, with the whole timeline', async () => {
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as unknown as Endpoints;
    await runIncidentScenario({ urls, receiver, receiverUrl, pageSecret });
  });

  it('re-triages an incident from P3 to P1 when a dependency of a tier-1 service starts alerting, coordination takes it, and auto-resolves it when the alerts resolve', async () => {
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as unknown as Endpoints;
    await runRetriageScenario(urls);
  });

  it('acknowledges from the link of a page comms sent: the link points at LINCHPIN_PUBLIC_URL and coordination, another process, takes it without a token', async () => {
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as unknown as Endpoints;
    await runAcknowledgeLinkScenario(urls, receiver, receiverUrl);
  });

  it('pages a person on their Microsoft Teams contact method with an Adaptive Card whose acknowledge link coordination takes', async () => {
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as unknown as Endpoints;
    await runTeamsAcknowledgeLinkScenario(urls, receiver, receiverUrl);
  });

  it('pages the default route’s team when the routed team does not exist, and coordination and triage say why', async () => {
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as unknown as Endpoints;
    await runFallbackScenario(urls, receiver, receiverUrl);
  });

  it('shows a service registered in triage on comms’ public status page, under maintenance while detection’s window over it is in force', async () => {
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as unknown as Endpoints;
    await runStatusPageCatalogScenario(urls);
  });
});
