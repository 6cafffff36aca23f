import { PageBody } from '../domain/page-channel';

/**
 * The channel port: how one kind of destination (a signed webhook, a Slack or Teams incoming webhook,
 * an email address) gets a message. `render` is pure (what the receiver gets, tested without I/O);
 * `send` does one attempt of the I/O and says how it went. Retries, backoff and recording belong to
 * the dispatcher and its sender, never to a channel. Every channel is listed once, in `index.ts`.
 */
export interface Channel<P = unknown> {
  /** The contact method kind (or subscription channel) it serves, e.g. `slack`. */
  readonly kind: string;
  render(message: ChannelMessage): P;
  /** One attempt; rejects only when `options.signal` aborts it (the process stopping: nothing is decided then). */
  send(target: string, payload: P, options: SendOptions): Promise<SendResult>;
}

/** The links a message carries, built when it is sent (a link is a credential: never in an event). */
export interface MessageLinks {
  /** `<LINCHPIN_PUBLIC_URL>/coordination/incidents/<id>`. */
  incident: string;
  /** A page's signed acknowledge link (GET previews, POST acknowledges as the paged person). */
  acknowledge?: string;
  /** A subscription's signed unsubscribe link (GET previews, POST cancels the subscription). */
  unsubscribe?: string;
}

/** A page, as coordination decided it. */
export interface PageMessage extends PageBody {
  links: MessageLinks;
}

/** A status update posted for an incident's stakeholders. */
export interface StatusUpdateMessage {
  type: 'status-update';
  incidentId: string;
  updateId: string;
  /** `responders` (to the paged responders), `internal` or `public` (to subscriptions) (issue 15); absent from requests recorded before audiences. */
  audience?: string;
  status: string;
  message: string;
  /** Statuspage's impact and the estimated resolution time (issue 15); absent from requests recorded before. */
  impact?: string;
  eta?: string | null;
  postedAt: string;
  links: MessageLinks;
}

/** An incident is over: the notice stakeholders get. */
export interface IncidentResolvedMessage {
  type: 'incident-resolved';
  incidentId: string;
  title: string;
  resolvedBy: string;
  resolvedAt: string;
  links: MessageLinks;
}

/** No status update for a whole cadence: the reminder to the incident's communications lead (or commander). */
export interface UpdateOverdueMessage {
  type: 'update-overdue';
  incidentId: string;
  priority: string;
  cadenceMinutes: number;
  lastUpdateAt: string | null;
  dueAt: string;
  role: 'communications-lead' | 'commander';
  links: MessageLinks;
}

/** A postmortem's action item passed its due day while open (review's `ActionItemOverdue`): the reminder to its owner. */
export interface ActionItemOverdueMessage {
  type: 'action-item-overdue';
  incidentId: string;
  actionItemId: string;
  title: string;
  dueDate: string;
  dueAt: string;
  links: MessageLinks;
}

export type ChannelMessage = PageMessage | StatusUpdateMessage | IncidentResolvedMessage | UpdateOverdueMessage | ActionItemOverdueMessage;

export interface SendOptions {
  /** Stable across attempts and restarts: receivers dedupe on it (`Linchpin-Delivery`). */
  deliveryId: string;
  /** The delivery's kind, `page`, `status-update` or `action-item-reminder` (`Linchpin-Event`). */
  event: string;
  /** Signs HTTP channels' bodies (`Linchpin-Signature`): the comms key for pages, the subscription's for updates. */
  secret: string;
  /** The process stopping: abort the attempt in flight and reject with the signal's reason. */
  signal?: AbortSignal;
}

export interface SendResult {
  ok: boolean;
  /** The receiver's answer: an HTTP status, or for email the SMTP reply code (250 accepted). */
  status?: number;
  latencyMs: number;
  /** Why it failed, in words for NotificationFailed (never holding a secret). */
  cause?: string;
  /** Retrying cannot help (refused by the outbound guard, channel not configured): one attempt only. */
  final?: boolean;
}
