import { ServiceDefinition } from '@linchpin/platform';

export const STANDALONE_SERVICE: ServiceDefinition = {
  name: 'standalone',
  title: 'Linchpin',
  defaultPort: 3000,
  description:
    'All five Linchpin services (detection, triage, coordination, comms, review) in one process, ' +
    'on the embedded SQLite store and the in-process bus.',
};
