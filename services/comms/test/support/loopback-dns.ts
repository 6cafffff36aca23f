import { createSocket, Socket } from 'node:dgram';
import { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';

const NXDOMAIN = 3;

/**
 * A DNS server on 127.0.0.1 that answers A and AAAA questions from a fixed table (NXDOMAIN for any
 * other name), so a test decides what a host name resolves to, without touching the system's DNS.
 */
export class LoopbackDns {
  private socket?: Socket;
  /** Every name asked, in order. */
  readonly asked: string[] = [];
  server = '';

  constructor(private readonly records: Record<string, string[]>) {}

  async start(): Promise<void> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (message, from) => {
      const query = dnsPacket.decode(message);
      const answers: dnsPacket.Answer[] = [];
      let known = false;
      for (const question of query.questions ?? []) {
        this.asked.push(question.name);
        const addresses = this.records[question.name.toLowerCase()];
        if (!addresses) continue;
        known = true;
        for (const address of addresses) {
          const type = address.includes(':') ? 'AAAA' : 'A';
          if (question.type === type) answers.push({ type, name: question.name, ttl: 0, data: address });
        }
      }
      const response = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.RECURSION_AVAILABLE | (known ? 0 : NXDOMAIN),
        questions: query.questions,
        answers,
      });
      socket.send(response, from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    this.server = `127.0.0.1:${(socket.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
  }
}
