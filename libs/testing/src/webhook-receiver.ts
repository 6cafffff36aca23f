import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** Whatever JSON arrived: tests assert its shape rather than declare it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A stand-in for a responder's pager or a subscriber's endpoint: records every POST it gets. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        this.received.push({ path: req.url ?? '/', headers: req.headers, rawBody, body: JSON.parse(rawBody || 'null') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  on(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/**
 * Verifies `Linchpin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` the way a
 * receiver would, independently of Linchpin's code.
 */
export function hasValidSignature(webhook: ReceivedWebhook, secret: string): boolean {
  const header = String(webhook.headers['linchpin-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${webhook.rawBody}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
