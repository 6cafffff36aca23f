import { given } from '@linchpin/eventsourcing';
import { NoteReviewServiceFact, ReviewServiceNoted, reviewServiceDecider } from './catalog.decider';

const context = { actor: 'system:review', causationId: 'triage-event', occurredAt: '2026-11-01T00:00:00.000Z' };
const note = (sourceRevision: number, eventId = `e-${sourceRevision}`): NoteReviewServiceFact => ({
  type: 'NoteReviewServiceFact',
  eventId,
  name: 'checkout',
  sourceRevision,
  heardFrom: 'ServiceUpdated',
  fact: { kind: 'listed', owningTeam: 'payments', businessHours: null, dependsOn: ['search'] },
  context,
});

describe('review’s copy of the catalog (decider)', () => {
  it('records what analytics needs of a service, once per revision of triage’s stream', () => {
    const [noted] = given(reviewServiceDecider).when(note(0)).events;
    expect(noted).toMatchObject({ id: 'e-0', type: 'ReviewServiceNoted', data: { name: 'checkout', sourceRevision: 0, fact: { owningTeam: 'payments', dependsOn: ['search'] } } });
    expect(noted.metadata.incidentId).toBeUndefined();
  });

  it('records nothing for a revision it holds or one older (late or redelivered)', () => {
    const history = [ReviewServiceNoted.create('e-2', { name: 'checkout', sourceRevision: 2, heardFrom: 'ServiceUpdated', fact: { kind: 'retired' } }, { ...context, correlationId: 'x' })];
    given(reviewServiceDecider, history).when(note(2)).then([]);
    given(reviewServiceDecider, history).when(note(1)).then([]);
    expect(given(reviewServiceDecider, history).when(note(3)).events).toHaveLength(1);
  });
});
