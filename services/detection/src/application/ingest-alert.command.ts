import { Command } from '@nestjs/cqrs';
import { Severity } from '../domain/alert.decider';

export interface AlertInput {
  source: string;
  summary: string;
  severity: Severity;
  labels: Record<string, string>;
  dedupKey?: string;
  /** When it began at the source; default now. */
  startsAt?: string;
  /** When it ended at the source (status resolved); default now. */
  endsAt?: string;
  status: 'firing' | 'resolved';
}

/** An alert from a monitoring system, generic shape (other senders' formats map onto it). */
export class IngestAlertCommand extends Command<IngestAlertResult> {
  constructor(
    readonly input: AlertInput,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export interface IngestAlertResult {
  alertId: string | null;
  fingerprint: string;
  incidentId: string | null;
  deduplicated: boolean;
  /** firing | resolved: the fingerprint's status after this alert. */
  status: 'firing' | 'resolved';
  /** Set when the alert changed nothing (a resolve with nothing firing, a repeated resolve). */
  note?: string;
}
