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

  const failureOf = async (url: string, g = guard): Promise<string> => {
    const error = await g.fetch(url, { method: 'POST', body: '{}' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    return describeOutboundError(error, url);
  };

  it('names a refused connection and where it went, never "TypeError: fetch failed"', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/pager`;
    expect(await failureOf(url)).toBe(`connection refused (ECONNREFUSED) to ${new URL(url).host}`);
  });

  it('names a failed DNS lookup and the host', async () => {
    const failing = new OutboundGuard({ allowCidrs: ['127.0.0.0/8'], resolve: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND pager.invalid'), { code: 'ENOTFOUND' })) });
    expect(await failureOf('http://pager.invalid/hook', failing)).toBe('DNS lookup failed (ENOTFOUND) for pager.invalid');
  });

  it('names a TLS failure (an https URL to a receiver that speaks plain HTTP)', async () => {
    const server = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await failureOf(`https://${host}/pager`)).toMatch(new RegExp(`^TLS handshake with ${host} failed: .+ \\(ERR_SSL_[A-Z_]+\\)$`));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('names a receiver that closes the connection without answering', async () => {
    const server = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await failureOf(`http://${host}/pager`)).toMatch(new RegExp(`^connection closed by ${host} before it answered \\((UND_ERR_SOCKET|ECONNRESET)\\)$`));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
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
