import { given } from '@linchpin/eventsourcing';
import { NotePageDelivery, pageDeliveryDecider } from './page-delivery.decider';

const note = (over: Partial<NotePageDelivery> = {}): NotePageDelivery => ({
  type: 'NotePageDelivery',
  eventId: '00000000-0000-4000-8000-000000000011',
  incidentId: '00000000-0000-4000-8000-0000000000a1',
  pageId: '00000000-0000-4000-8000-0000000000b1',
  deliveryId: '00000000-0000-4000-8000-0000000000c1',
  state: 'retrying',
  attempts: 1,
  statusCode: null,
  error: 'connection refused (ECONNREFUSED) to 10.0.0.7:443',
  at: '2026-03-03T09:00:00.000Z',
  context: { actor: 'system:coordination', causationId: 'comms-event', occurredAt: '2026-03-03T09:00:00.000Z' },
  ...over,
});

describe('page delivery notes', () => {
  it('notes a failed attempt with its real cause', () => {
    const [event] = given(pageDeliveryDecider).when(note()).events;
    expect(event.data).toMatchObject({ state: 'retrying', attempts: 1, error: 'connection refused (ECONNREFUSED) to 10.0.0.7:443' });
  });

  it('an outcome is final: a failed attempt arriving after it changes nothing', () => {
    const history = given(pageDeliveryDecider).when(note({ state: 'delivered', attempts: 2, statusCode: 204, error: null })).events;
    given(pageDeliveryDecider, history).when(note({ eventId: '00000000-0000-4000-8000-000000000012' })).then([]);
  });

  it('an attempt already noted (a redelivery) changes nothing; a later one does', () => {
    const history = given(pageDeliveryDecider).when(note({ attempts: 2 })).events;
    given(pageDeliveryDecider, history).when(note({ eventId: '00000000-0000-4000-8000-000000000013', attempts: 1 })).then([]);
    expect(given(pageDeliveryDecider, history).when(note({ eventId: '00000000-0000-4000-8000-000000000014', state: 'failed', attempts: 3 })).events).toHaveLength(1);
  });
});
