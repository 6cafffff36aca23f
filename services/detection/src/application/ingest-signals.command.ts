import { SignalReceivedEvent } from '@linchpin/contracts';
import { commandWith, RequestContext } from '@linchpin/platform';
import { SignalCommand, SignalOutcomeOf } from '../domain/alert.decider';
import { NormalizedSignal } from '../domain/signal';
import { IntegrationView } from './config-projections';

export type SignalOutcomeKind = SignalReceivedEvent['data']['outcome'];

/** What happened to one signal: answered to the sender's request; recorded as its SignalReceived, or (a repeat) in its batch's AlertDeduplicated. */
export type SignalOutcome = SignalOutcomeOf;

/**
 * Signals from one request, in the order the sender gave them; each becomes a command of the alert
 * decider (`SignalCommand`). Without an integration: the generic endpoint or a user report.
 */
export class IngestSignalsCommand extends commandWith<
  Pick<SignalCommand, 'sender'> & { signals: NormalizedSignal[]; integration?: IntegrationView; request: RequestContext },
  SignalOutcome[]
>() {}
