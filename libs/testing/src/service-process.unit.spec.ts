import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { listensOn } from './service-process';

const listen = (): Promise<Server> => new Promise((resolve) => { const server = createServer(); server.listen(0, '127.0.0.1', () => resolve(server)); });
const portOf = (server: Server): number => (server.address() as AddressInfo).port;

describe('listensOn: whose socket listens on a port (a health answer may come from a process that took the port)', () => {
  if (!existsSync('/proc/net/tcp')) {
    it.skip('needs Linux /proc (skipped: this machine has no /proc/net/tcp)', () => undefined);
    return;
  }

  it('is true for the process that listens, and false for another process or a port nobody listens on', async () => {
    const server = await listen();
    const closed = await listen();
    const freed = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));
    try {
      expect(listensOn(process.pid, portOf(server))).toBe(true);
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 10_000)']);
      try {
        expect(listensOn(other.pid!, portOf(server))).toBe(false);
      } finally {
        other.kill();
      }
      expect(listensOn(process.pid, freed)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
