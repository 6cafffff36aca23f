import { ServiceDefinition } from '@linchpin/platform';

export const DETECTION_SERVICE: ServiceDefinition = {
  name: 'detection',
  title: 'Linchpin Detection',
  defaultPort: 3001,
  description: 'Alert ingestion and deduplication: an alert that is not already firing opens an incident (IncidentDetected).',
};
