import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { describeOutboundError, OutboundGuard } from './outbound-guard';

/** A loopback port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OutboundGuard.fetch over real sockets (127.0.0.0/8 allowed)', () => {
  const guard = new OutboundGuard({ allowCidrs: ['127.0.0.0/8'] });

  it('says which host could not be reached and the socket error code, not "fetch failed"', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/pager`;
    const error = await guard.fetch(url, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(describeOutboundError(error, url)).toBe(`could not reach ${new URL(url).host} (ECONNREFUSED)`);
  });

  it('says a well-known non-HTTP port (9) is one fetch never calls, not "bad port"', async () => {
    const url = 'http://127.0.0.1:9/pager';
    const error = await guard.fetch(url, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(describeOutboundError(error, url)).toBe('127.0.0.1:9 uses a port fetch never calls (a well-known non-HTTP port)');
  });

  it('hands a 3xx back as it is, without following it', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '/');
      res.writeHead(307, { location: '/elsewhere' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await guard.fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/start`, { method: 'POST', body: '{}' });
      await response.body?.cancel();
      expect(response.status).toBe(307);
      expect(hits).toEqual(['/start']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
