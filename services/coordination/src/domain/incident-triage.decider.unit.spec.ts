import { given } from '@linchpin/eventsourcing';
import { NoteIncidentTriage, incidentTriageDecider } from './incident-triage.decider';

const INCIDENT = '00000000-0000-4000-8000-0000000000c1';
const context = { actor: 'system:coordination', causationId: 'triage-event', occurredAt: '2026-03-03T09:00:00.000Z' };
const note = (over: Partial<NoteIncidentTriage> = {}): NoteIncidentTriage => ({
  type: 'NoteIncidentTriage',
  eventId: '00000000-0000-4000-8000-000000000001',
  incidentId: INCIDENT,
  service: 'checkout',
  severity: 'SEV1',
  triageEventId: 'triage-event',
  context,
  ...over,
});

describe('incident triage decider', () => {
  it('given nothing noted, when triage is noted, then IncidentTriageNoted with the service and severity, on the incident', () => {
    const [event] = given(incidentTriageDecider).when(note()).events;
    expect(event.type).toBe('IncidentTriageNoted');
    expect(event.data).toEqual({ incidentId: INCIDENT, service: 'checkout', severity: 'SEV1', triageEventId: 'triage-event' });
    expect(event.metadata).toMatchObject({ incidentId: INCIDENT, correlationId: INCIDENT, causationId: 'triage-event' });
  });

  it('given a decision with no service, then the service is null', () => {
    given(incidentTriageDecider)
      .when(note({ service: null }))
      .then((events) => expect(events[0].data.service).toBeNull());
  });

  it('given it was noted, when noted again (a redelivery or a second decision), then nothing', () => {
    const history = given(incidentTriageDecider).when(note()).events;
    given(incidentTriageDecider, history)
      .when(note({ eventId: '00000000-0000-4000-8000-000000000002', service: 'other' }))
      .then([]);
  });
});
