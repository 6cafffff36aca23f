import { ServiceDefinition } from '@linchpin/platform';
import { reviewSettings } from './review.settings';

export const REVIEW_SERVICE: ServiceDefinition = {
  name: 'review',
  title: 'Linchpin Review',
  defaultPort: 3005,
  description: 'Incident timelines across every context, also as of a past moment.',
  settings: [reviewSettings],
};
