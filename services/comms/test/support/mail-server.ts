import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerEnvelope } from 'smtp-server';
import { ParsedMail, simpleParser } from 'mailparser';

export interface Arrived {
  mail: ParsedMail;
  envelope: SMTPServerEnvelope;
  user?: string;
}

/** A real SMTP server on 127.0.0.1 that takes mail from `linchpin` / `s3cret` only and keeps each message, parsed. */
export class MailServer {
  readonly arrived: Arrived[] = [];
  url = '';
  private readonly server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) =>
      auth.username === 'linchpin' && auth.password === 's3cret' ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password')),
    onData: (stream, session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          this.arrived.push({ mail, envelope: session.envelope, user: session.user as string | undefined });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://linchpin:s3cret@127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }
  to(address: string): Arrived[] {
    return this.arrived.filter((a) => a.envelope.rcptTo.some((r) => r.address === address));
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
