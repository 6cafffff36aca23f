import { createTransport } from 'nodemailer';
import { assertNever } from '@linchpin/eventsourcing';
import { redactSecrets } from '@linchpin/platform';
import { Channel, ChannelMessage, SendOptions, SendResult } from './channel';
import { actionItemOverdueEmail, pageEmail, resolvedEmail, statusUpdateEmail, updateOverdueEmail } from './email-templates';

export interface EmailPayload {
  subject: string;
  text: string;
  html: string;
  /** A subscription's unsubscribe link: `List-Unsubscribe` with RFC 8058's one-click POST. */
  unsubscribe?: string;
}

/** Why an email fails at once while SMTP_URL is unset: loud, never silent (the page fails, escalation moves on). */
export const EMAIL_NOT_CONFIGURED = 'email is not configured: SMTP_URL is not set';

export interface EmailChannelDeps {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; unset: the channel is off. */
  smtpUrl?: string;
  /** The From header, e.g. `Linchpin <linchpin@example.com>`. */
  smtpFrom: string;
  /** Bounds connecting, the greeting and each socket wait. */
  timeoutMs: number;
}

export function renderEmail(message: ChannelMessage): EmailPayload {
  const templates = templatesOf(message);
  const unsubscribe = message.links.unsubscribe;
  return { subject: templates.subject(message), text: templates.text(message), html: templates.html(message), ...(unsubscribe ? { unsubscribe } : {}) };
}

function templatesOf(message: ChannelMessage): typeof pageEmail {
  switch (message.type) {
    case 'page':
      return pageEmail;
    case 'status-update':
      return statusUpdateEmail;
    case 'incident-resolved':
      return resolvedEmail;
    case 'update-overdue':
      return updateOverdueEmail;
    case 'action-item-overdue':
      return actionItemOverdueEmail;
    default:
      return assertNever(message);
  }
}

/** `mailto:alice@example.com` (as a delivery request names it) or the bare address. */
const recipientOf = (target: string): string => target.replace(/^mailto:/i, '');

/** Where mail goes, for a failure's words: the SMTP URL without its credentials. */
const serverOf = (smtpUrl: string): string => {
  try {
    return new URL(smtpUrl).host;
  } catch {
    return 'the SMTP server';
  }
};

/**
 * Email over SMTP (nodemailer): a plain text and an HTML body, `X-Linchpin-Delivery` and
 * `X-Linchpin-Event` headers, and a Message-ID made from the delivery id, so a delivery sent twice
 * (a crash between the send and its record) is the same message to the reader's client.
 * A 5xx answer (a recipient refused) is final; a connection failure or a 4xx is retried.
 */
export function emailChannel(deps: EmailChannelDeps): Channel<EmailPayload> {
  const transport = deps.smtpUrl
    ? createTransport({ url: deps.smtpUrl, connectionTimeout: deps.timeoutMs, greetingTimeout: deps.timeoutMs, socketTimeout: deps.timeoutMs })
    : undefined;
  return {
    kind: 'email',
    render: renderEmail,
    async send(target: string, payload: EmailPayload, options: SendOptions): Promise<SendResult> {
      const started = performance.now();
      const latencyMs = (): number => Math.round(performance.now() - started);
      if (!transport || !deps.smtpUrl) return { ok: false, latencyMs: 0, cause: EMAIL_NOT_CONFIGURED, final: true };
      options.signal?.throwIfAborted();
      const sending = transport.sendMail({
        from: deps.smtpFrom,
        to: recipientOf(target),
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        messageId: `<${options.deliveryId}@linchpin>`,
        headers: {
          'X-Linchpin-Delivery': options.deliveryId,
          'X-Linchpin-Event': options.event,
          ...(payload.unsubscribe ? { 'List-Unsubscribe': `<${payload.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
        },
      });
      try {
        const info = await (options.signal ? abortable(sending, options.signal) : sending);
        return { ok: true, status: replyCodeOf(info.response) ?? 250, latencyMs: latencyMs() };
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        const { responseCode, message } = error as { responseCode?: number; message?: string };
        const cause = redactSecrets(`could not send mail through ${serverOf(deps.smtpUrl)}: ${message ?? String(error)}`);
        return { ok: false, latencyMs: latencyMs(), cause, ...(responseCode !== undefined && responseCode >= 500 ? { final: true } : {}) };
      }
    },
  };
}

const replyCodeOf = (response: string | undefined): number | undefined => {
  const code = Number(response?.slice(0, 3));
  return Number.isInteger(code) && code > 0 ? code : undefined;
};

/** Nodemailer takes no AbortSignal: stop waiting (the mail may still go; the Message-ID dedupes it). */
const abortable = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
