import { ServiceDefinition } from '@linchpin/platform';
import { coordinationSettings } from './coordination.settings';
import { lifecycleSettings } from './lifecycle.settings';

export const COORDINATION_SERVICE: ServiceDefinition = {
  name: 'coordination',
  title: 'Linchpin Coordination',
  defaultPort: 3003,
  description: 'Teams and on-call order; pages the on-call of the routed team; acknowledge and resolve.',
  settings: [coordinationSettings, lifecycleSettings],
};
