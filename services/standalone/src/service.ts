import { COMMS_SERVICE } from '@linchpin/comms';
import { COORDINATION_SERVICE } from '@linchpin/coordination';
import { DETECTION_SERVICE } from '@linchpin/detection';
import { ServiceDefinition } from '@linchpin/platform';
import { REVIEW_SERVICE } from '@linchpin/review';
import { TRIAGE_SERVICE } from '@linchpin/triage';

const HOSTED = [DETECTION_SERVICE, TRIAGE_SERVICE, COORDINATION_SERVICE, COMMS_SERVICE, REVIEW_SERVICE];

export const STANDALONE_SERVICE: ServiceDefinition = {
  name: 'standalone',
  title: 'Linchpin',
  defaultPort: 3000,
  description:
    'All five Linchpin services (detection, triage, coordination, comms, review) in one process, ' +
    'on the embedded SQLite store and the in-process bus.',
  // Every hosted service's own variables, validated once at start with the platform's.
  settings: HOSTED.flatMap((service) => service.settings ?? []),
};
