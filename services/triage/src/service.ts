import { ServiceDefinition } from '@linchpin/platform';

export const TRIAGE_SERVICE: ServiceDefinition = {
  name: 'triage',
  title: 'Linchpin Triage',
  defaultPort: 3002,
  description:
    'Prioritises detected incidents with a versioned ITIL impact × urgency matrix, routes them to a team by versioned rules, and keeps the triage queue.',
};
