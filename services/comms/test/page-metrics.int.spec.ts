import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ManualClock, topicOf } from '@linchpin/eventsourcing';
import { eventually, seriesIn } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { DeliveryRetryTimers } from '../src/application/delivery-retry.timers';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

describe('comms: linchpin_pages_total by channel and outcome, and the retry timer pending between attempts (real HTTP receiver)', () => {
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  let status = 500;
  let pager: Server;
  let comms: ServiceApp;
  const scrape = async () => seriesIn((await comms.http().get('/metrics').expect(200)).text);
  const pages = (series: Map<string, number>) =>
    Object.fromEntries(['delivered', 'retrying', 'failed'].map((outcome) => [outcome, series.get(`linchpin_pages_total{channel="webhook",outcome="${outcome}"}`)]));
  const page = async () => {
    const { port } = pager.address() as AddressInfo;
    const paged = responderPaged({ webhookUrl: `http://127.0.0.1:${port}/pager` });
    await comms.bus.publish(topicOf('coordination'), [{ key: (paged.data as { incidentId: string }).incidentId, event: paged }]);
  };

  beforeAll(async () => {
    pager = createServer((req, res) => req.resume().on('end', () => res.writeHead(status).end()));
    await new Promise<void>((resolve) => pager.listen(0, '127.0.0.1', resolve));
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      clock,
      env: { COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests', COMMS_PAGE_RETRY_ATTEMPTS: '2', COMMS_PAGE_RETRY_BASE_SECONDS: '5', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
  });
  afterAll(async () => {
    await comms?.close();
    await new Promise((resolve) => pager.close(resolve));
  });

  it('a page refused once is retrying with its timer pending, refused again failed; another one delivered', async () => {
    expect(pages(await scrape())).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    await page();
    const retrying = await eventually('attempt 1 recorded', async () => {
      const series = await scrape();
      return pages(series).retrying === 1 ? series : undefined;
    });
    expect(pages(retrying)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(retrying.get('linchpin_timers_pending{purpose="delivery-retry"}')).toBe(1);

    clock.advance(10 * 60_000); // past any backoff of attempt 2
    await comms.app.get(DeliveryRetryTimers).driver.tick();
    await eventually('attempt 2 recorded', async () => (pages(await scrape()).failed === 1 ? true : undefined));
    expect(pages(await scrape())).toEqual({ delivered: 0, retrying: 1, failed: 1 });

    status = 204;
    await page();
    await eventually('the second page delivered', async () => (pages(await scrape()).delivered === 1 ? true : undefined));
    const last = await scrape();
    expect(pages(last)).toEqual({ delivered: 1, retrying: 1, failed: 1 });
    expect(last.get('linchpin_timers_pending{purpose="delivery-retry"}') ?? 0).toBe(0);
  });
});
