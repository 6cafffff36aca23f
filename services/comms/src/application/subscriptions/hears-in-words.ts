import { Subscription } from '../../domain/subscriptions/subscription';

/** What a subscription hears, in a sentence for the person who follows its unsubscribe link. */
export function hearsInWords({ filter, preferences }: Pick<Subscription, 'filter' | 'preferences'>): string {
  const which = [
    filter.incidentId ? `incident ${filter.incidentId}` : 'every incident',
    filter.service ? `of service ${filter.service}` : '',
    filter.team ? `of team ${filter.team}` : '',
    filter.minPriority ? `of priority ${filter.minPriority} or more urgent` : '',
  ].filter(Boolean);
  return `${preferences.audiences.join(' and ')} updates (${preferences.phases.join(', ')}) of ${which.join(' ')}`;
}
