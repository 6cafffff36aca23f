import { summarize } from './summary';

describe('summaries of comms’ deliveries on the timeline', () => {
  const delivery = { deliveryId: 'd', incidentId: 'i', subjectId: 's', target: 'person:p/contact:c' };

  it('names an action item reminder as one (issue 16), never as a status update', () => {
    const reminder = { ...delivery, kind: 'action-item-reminder' };
    expect(summarize('DeliveryAttemptFailed', { ...reminder, attempt: 2, error: 'receiver answered HTTP 500' })).toBe('Action item reminder attempt 2 failed: receiver answered HTTP 500');
    expect(summarize('NotificationFailed', { ...reminder, attempts: 6, error: 'receiver answered HTTP 500' })).toBe(
      'Action item reminder to person:p/contact:c failed after 6 attempt(s): receiver answered HTTP 500',
    );
    expect(summarize('NotificationDelivered', { ...reminder, attempts: 1, statusCode: 204 })).toBe('Action item reminder delivered to person:p/contact:c (HTTP 204, 1 attempt(s))');
  });

  it('keeps pages and status updates as they were', () => {
    expect(summarize('DeliveryAttemptFailed', { ...delivery, kind: 'page', attempt: 1, error: 'timeout' })).toBe('Page attempt 1 failed: timeout');
    expect(summarize('NotificationFailed', { ...delivery, kind: 'status-update', attempts: 6, error: 'x' })).toBe('Status update to person:p/contact:c failed after 6 attempt(s): x');
  });
});
