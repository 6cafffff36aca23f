import { Command } from '@nestjs/cqrs';
import { SignalReceivedEvent } from '@linchpin/contracts';
import { NormalizedSignal, SenderKind } from '../domain/signal';
import { IntegrationView } from './config-projections';

export type SignalOutcomeKind = SignalReceivedEvent['data']['outcome'];

/** What happened to one signal: answered to the sender's request, and recorded as its SignalReceived. */
export interface SignalOutcome {
  signalId: string;
  alertId: string | null;
  incidentId: string | null;
  fingerprint: string;
  outcome: SignalOutcomeKind;
  reason: string;
}

/** Signals from one request, in the order the sender gave them. Without an integration: the generic endpoint or a user report. */
export class IngestSignalsCommand extends Command<SignalOutcome[]> {
  constructor(
    readonly sender: SenderKind,
    readonly signals: NormalizedSignal[],
    readonly integration: IntegrationView | undefined,
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}
