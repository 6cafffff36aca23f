/**
 * One signal as a sender expressed it, translated into Linchpin's terms by that sender's parser
 * (`http/senders/`). Detection decides what it means (new alert, repeat, resolve, suppressed,
 * grouped) from this alone, whatever the sender was.
 */
export type SignalStatus = 'firing' | 'resolved' | 'acknowledged';

export type SignalSeverity = 'critical' | 'error' | 'warning' | 'info';

/** `heartbeat`: detection's own alert for an integration whose heartbeat was missed. */
export type SenderKind = 'generic' | 'alertmanager' | 'grafana' | 'pagerduty' | 'logs' | 'report' | 'heartbeat';

export interface SignalLink {
  href: string;
  text?: string;
}

export interface SignalImage {
  src: string;
  href?: string;
  alt?: string;
}

export interface NormalizedSignal {
  /**
   * The sender's own identity for this alert, when it gives one: Alertmanager's and Grafana's
   * `fingerprint`, PagerDuty's `dedup_key`, a log rule's id. Used for dedup unless the
   * integration names fields to fingerprint instead.
   */
  senderKey?: string;
  status: SignalStatus;
  /** One line a responder reads first. */
  summary: string;
  severity: SignalSeverity;
  /** What emitted it: host, instance, job, or the sender's own `source`. */
  source: string;
  /** Flat string labels; `service` (when present) names the impacted service. */
  labels: Record<string, string>;
  /** Alertmanager/Grafana annotations, PagerDuty payload fields that are not labels. */
  annotations?: Record<string, string>;
  /** When it started at the source (ISO 8601 UTC), if the sender says. */
  startsAt?: string;
  /** When it stopped at the source, for resolved signals, if the sender says. */
  endsAt?: string;
  links?: SignalLink[];
  images?: SignalImage[];
  /** Structured extras kept as given: PagerDuty `custom_details`, Grafana `values`. */
  details?: Record<string, unknown>;
  /**
   * The sender's own grouping (Alertmanager's and Grafana's `groupKey`): without a correlation
   * policy for the service, the alerts of one such group share an incident while any of them fires.
   */
  groupKey?: string;
  /** The sender's object for this one signal, kept (bounded) so a later parser can replay it. */
  raw: unknown;
}
