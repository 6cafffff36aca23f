import { SignalOutcomeKind } from '../application/ingest-signals.command';

/** The generic endpoint's answer: the Foundation's fields, plus the outcome and its reason. */
export interface AlertResult {
  /** The signal recorded (GET /detection/signals/{signalId} explains it). */
  signalId: string;
  alertId: string | null;
  fingerprint: string;
  incidentId: string | null;
  deduplicated: boolean;
  status: 'firing' | 'resolved';
  outcome: SignalOutcomeKind;
  reason: string;
  note?: string;
}
