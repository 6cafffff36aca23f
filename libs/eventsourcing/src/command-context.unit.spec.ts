import { configurationMetadata, metadataOf } from './command-context';

describe('metadataOf: what a command context leaves on its events', () => {
  const context = { actor: 'person:p-1', causationId: 'req-1', occurredAt: '2026-03-08T07:30:00.000Z' };

  it('carries the "on behalf of" text beside the authenticated actor, on incident and configuration facts', () => {
    expect(metadataOf({ ...context, onBehalfOf: 'the support desk' }, 'inc-1')).toEqual({
      ...context,
      onBehalfOf: 'the support desk',
      incidentId: 'inc-1',
      correlationId: 'inc-1',
    });
    expect(configurationMetadata({ ...context, onBehalfOf: 'bob' })).toMatchObject({ actor: 'person:p-1', onBehalfOf: 'bob', correlationId: 'req-1' });
  });

  it('leaves onBehalfOf out when nobody was named', () => {
    expect(metadataOf(context, 'inc-1')).not.toHaveProperty('onBehalfOf');
  });
});
