import { DomainError, given } from '@linchpin/eventsourcing';
import { IncidentUnknownToComms, knownIncidentDecider, RecordKnownIncident } from './known-incident.decider';
import { PostStatusUpdate, statusUpdateDecider } from './status-update.decider';

const context = { actor: 'api', causationId: 'r', occurredAt: '2026-01-01T00:00:00.000Z' };
const metadata = { incidentId: 'i-1', correlationId: 'i-1', causationId: 'r', actor: 'api', occurredAt: '2026-01-01T00:00:00.000Z' };
const post = (over: Partial<PostStatusUpdate> = {}): PostStatusUpdate => ({
  type: 'PostStatusUpdate',
  eventId: 'e-1',
  incidentId: 'i-1',
  updateId: 'u-1',
  audience: 'internal',
  status: 'investigating',
  message: '  Looking into elevated errors  ',
  impact: 'none',
  eta: null,
  template: null,
  incidentKnown: true,
  context,
  ...over,
});

describe('status update decider', () => {
  it('given no updates, when posting, then StatusUpdatePosted with the trimmed message', () => {
    given(statusUpdateDecider)
      .when(post())
      .then([
        expect.objectContaining({
          schemaVersion: 2,
          data: { incidentId: 'i-1', updateId: 'u-1', audience: 'internal', status: 'investigating', message: 'Looking into elevated errors', impact: 'none', eta: null, template: null },
        }),
      ]);
  });

  it('v2: records the audience, impact, eta (one UTC spelling) and the template it was rendered from', () => {
    const [event] = given(statusUpdateDecider)
      .when(post({ audience: 'public', status: 'identified', impact: 'major', eta: '2026-01-01T14:30:00+02:00', template: { id: 'identified.P1', version: 3 } }))
      .then((events) => expect(events).toHaveLength(1));
    expect(event.data).toMatchObject({ audience: 'public', status: 'identified', impact: 'major', eta: '2026-01-01T12:30:00.000Z', template: { id: 'identified.P1', version: 3 } });
  });

  it('v2: the state lists each update with its audience, impact, eta and template', () => {
    const history = given(statusUpdateDecider).when(post({ audience: 'responders', impact: 'minor' })).events;
    const state = history.reduce(statusUpdateDecider.evolve, statusUpdateDecider.initialState);
    expect(state.updates).toEqual([
      { updateId: 'u-1', audience: 'responders', status: 'investigating', message: 'Looking into elevated errors', impact: 'minor', eta: null, template: null, postedAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('refuses an eta that is not an instant, naming the field', () => {
    expect(given(statusUpdateDecider).when(post({ eta: 'soon' })).thenThrows(DomainError).field).toBe('eta');
  });

  it('records the request as cause and actor, correlated on the incident', () => {
    given(statusUpdateDecider)
      .when(post())
      .then([expect.objectContaining({ metadata })]);
  });

  it('given the same update id was posted, when posted again, then nothing new', () => {
    const history = given(statusUpdateDecider).when(post()).events;
    given(statusUpdateDecider, history).when(post({ eventId: 'e-2' })).then([]);
    given(statusUpdateDecider, history).when(post({ eventId: 'e-2', updateId: 'u-2' })).then([expect.anything()]);
  });

  it('refuses a blank message, naming the field', () => {
    expect(given(statusUpdateDecider).when(post({ message: '   ' })).thenThrows(DomainError).field).toBe('message');
  });

  it('refuses an update for an incident comms has not heard of, with a not-found error naming it', () => {
    const outcome = given(statusUpdateDecider).when(post({ incidentKnown: false }));
    expect(outcome.thenThrows(IncidentUnknownToComms).message).toContain('incident i-1 not found');
    expect(outcome.events).toEqual([]);
  });
});

describe('known incident decider', () => {
  const record = (eventId: string): RecordKnownIncident => ({ type: 'RecordKnownIncident', eventId, incidentId: 'i-1', heardFrom: 'ResponderPaged', context });

  it('records the first event comms hears of an incident, and nothing for the later ones', () => {
    const first = given(knownIncidentDecider)
      .when(record('k-1'))
      .then([expect.objectContaining({ id: 'k-1', type: 'IncidentKnownToComms', data: { incidentId: 'i-1', heardFrom: 'ResponderPaged' } })]);
    given(knownIncidentDecider, first).when(record('k-2')).then([]);
  });

  it('correlates the record on the incident, caused by the event comms heard it from', () => {
    given(knownIncidentDecider)
      .when(record('k-1'))
      .then([expect.objectContaining({ metadata })]);
  });
});
