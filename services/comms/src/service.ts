import { ServiceDefinition } from '@linchpin/platform';
import { commsSettings } from './comms.settings';

export const COMMS_SERVICE: ServiceDefinition = {
  name: 'comms',
  title: 'Linchpin Comms',
  defaultPort: 3004,
  description: 'Status updates, subscriptions and signed webhook delivery of pages and updates.',
  settings: [commsSettings],
};
