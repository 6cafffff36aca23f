import { given } from '@linchpin/eventsourcing';
import { dependsOnOf, NoteReviewServiceFact, ReviewServiceNoted, reviewServiceDecider, ServiceVersion } from './catalog.decider';

const context = { actor: 'system:review', causationId: 'triage-event', occurredAt: '2026-11-01T00:00:00.000Z' };
const version = (sourceRevision: number, fact: ServiceVersion['fact'] = { kind: 'listed', owningTeam: 'payments', businessHours: null, dependsOn: ['search'] }): ServiceVersion => ({
  name: 'checkout',
  sourceEventId: `triage-${sourceRevision}`,
  sourceRevision,
  heardFrom: fact.kind === 'listed' ? 'ServiceUpdated' : 'ServiceRetired',
  occurredAt: context.occurredAt,
  recordedAt: '2026-11-01T00:00:01.000Z',
  fact,
});
const note = (sourceRevision: number, eventId = `e-${sourceRevision}`): NoteReviewServiceFact => ({ type: 'NoteReviewServiceFact', eventId, version: version(sourceRevision), context });

describe('review’s copy of the catalog (decider)', () => {
  it('records each version of a service with triage’s times: what analytics and the changes need', () => {
    const [noted] = given(reviewServiceDecider).when(note(0)).events;
    expect(noted).toMatchObject({
      id: 'e-0',
      type: 'ReviewServiceNoted',
      data: { name: 'checkout', sourceEventId: 'triage-0', sourceRevision: 0, occurredAt: context.occurredAt, recordedAt: '2026-11-01T00:00:01.000Z', fact: { owningTeam: 'payments', dependsOn: ['search'] } },
    });
    expect(noted.metadata.incidentId).toBeUndefined();
    expect(dependsOnOf(noted.data)).toEqual(['search']);
    expect(dependsOnOf(version(1, { kind: 'retired' }))).toBeNull();
  });

  it('records nothing for a revision it holds or one older (late or redelivered)', () => {
    const history = [ReviewServiceNoted.create('e-2', version(2, { kind: 'retired' }), { ...context, correlationId: 'x' })];
    given(reviewServiceDecider, history).when(note(2)).then([]);
    given(reviewServiceDecider, history).when(note(1)).then([]);
    expect(given(reviewServiceDecider, history).when(note(3)).events).toHaveLength(1);
  });
});
