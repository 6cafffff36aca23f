import { Type } from '@nestjs/common';
import { EventEnvelope, RecordedEvent } from '@linchpin/eventsourcing';
import { ServiceApp, ServiceAppOptions, startServiceApp } from '@linchpin/service-testing';
import { TRIAGE_SERVICE } from '../../src/service';

export type TriageApp = ServiceApp;

/** `module` over real HTTP, a real SQLite store in a temporary folder and the in-process bus. */
export const startTriage = (module: Type<unknown>, options: Pick<ServiceAppOptions, 'clock' | 'apiTokens'> = {}): Promise<TriageApp> =>
  startServiceApp({ service: TRIAGE_SERVICE, module, ...options });

let position = 1000;
/** Another service's event as it arrives from the bus: stored elsewhere, with its recorded time. */
export const recorded = <T extends string, D>(event: EventEnvelope<T, D>, recordedAt: string): RecordedEvent<T, D> => ({
  ...event,
  streamId: `foreign-${event.metadata.incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt,
});
