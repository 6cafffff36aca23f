import { createHash } from 'node:crypto';
import { Clock, RecordedEvent } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { ServiceApp, ServiceAppOptions, startServiceApp } from '@linchpin/service-testing';
import { DETECTION_SERVICE, DetectionModule } from '../../src';
import { ALERT_STREAM_PREFIX, detectionStream } from '../../src/domain/streams';

/** Detection as it runs (see startServiceApp), with readers of what it stored. */
export interface DetectionApp extends ServiceApp {
  /** Every event of the store, in log order. */
  allEvents(): Promise<RecordedEvent[]>;
  /** The events of one incident's stream (`detection-<incidentId>`). */
  incidentEvents(incidentId: string): Promise<RecordedEvent[]>;
  /** The SignalReceived events of one integration, in log order. */
  /** Each signal of the integration with its decision: a SignalReceived, or one made per signal id of a batch of repeats. */
  signalsOf(integrationId: string): Promise<RecordedEvent[]>;
}

export async function startDetection(options: Pick<ServiceAppOptions, 'clock' | 'observe' | 'apiTokens' | 'env'> = {}): Promise<DetectionApp> {
  const detection = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule, ...options });
  const { store } = detection;
  return {
    ...detection,
    allEvents: () => store.readAll(),
    incidentEvents: (incidentId) => store.readStream(detectionStream(incidentId)),
    // Each signal's decision as stored: its own SignalReceived, or (a repeat) its batch's AlertDeduplicated, one per signal id.
    signalsOf: async (integrationId) => {
      const ofIntegration = new Set<string>();
      const signals: RecordedEvent[] = [];
      for (const e of await store.readAll({ filter: { streamPrefixes: [ALERT_STREAM_PREFIX] } })) {
        const data = e.data as { integrationId?: string; alertId?: string; signalIds?: string[]; incidentId: string; fingerprint: string };
        if (e.type === 'SignalReceived' && data.integrationId === integrationId) {
          signals.push(e);
          if (data.alertId) ofIntegration.add(data.alertId);
        } else if (e.type === 'AlertDeduplicated' && data.alertId && ofIntegration.has(data.alertId)) {
          for (const signalId of data.signalIds ?? []) {
            const { alertId, incidentId, fingerprint } = data;
            signals.push({ ...e, data: { signalId, alertId, incidentId, fingerprint, integrationId, status: 'firing', outcome: 'deduplicated' } });
          }
        }
      }
      return signals;
    },
  };
}

/** Waits until the incident's stream holds an event of `type` matching `match`, and returns it. */
export const incidentEvent = (detection: DetectionApp, incidentId: string, type: string, match: (e: RecordedEvent) => boolean = () => true) =>
  eventually(`${type} on detection-${incidentId}`, async () => (await detection.incidentEvents(incidentId)).find((e) => e.type === type && match(e)));

/** The newest event of `type` on the incident's stream, once there is one. */
export const latestIncidentEvent = async (detection: DetectionApp, incidentId: string, type: string): Promise<RecordedEvent | undefined> =>
  (await detection.incidentEvents(incidentId)).filter((e) => e.type === type).pop();

export interface CreatedIntegration {
  integrationId: string;
  key: string;
  [field: string]: unknown;
}

export async function createIntegration(detection: DetectionApp, body: Record<string, unknown>): Promise<CreatedIntegration> {
  const response = await detection.http().post('/detection/integrations').send(body);
  if (response.status !== 201) throw new Error(`creating the integration answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as CreatedIntegration;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const PROBLEM_JSON = /^application\/problem\+json/;
