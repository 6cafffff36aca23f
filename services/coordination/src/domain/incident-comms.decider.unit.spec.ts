import { given } from '@linchpin/eventsourcing';
import { NoteStakeholderUpdate, incidentCommsDecider } from './incident-comms.decider';

const INCIDENT = '00000000-0000-4000-8000-0000000000c2';
const UPDATE = '00000000-0000-4000-8000-0000000000a1';
const context = { actor: 'system:coordination', causationId: 'comms-event', occurredAt: '2026-03-03T09:02:00.000Z' };
const note = (over: Partial<NoteStakeholderUpdate> = {}): NoteStakeholderUpdate => ({
  type: 'NoteStakeholderUpdate',
  eventId: '00000000-0000-4000-8000-000000000011',
  incidentId: INCIDENT,
  updateId: UPDATE,
  status: 'investigating',
  postedAt: '2026-03-03T09:02:00.000Z',
  commsEventId: 'comms-event',
  context,
  ...over,
});

describe('incident comms decider (stakeholder updates noted for the war room)', () => {
  it('given nothing noted, when an update is noted, then StakeholderUpdateNoted on the incident', () => {
    const [event] = given(incidentCommsDecider).when(note()).events;
    expect(event.type).toBe('StakeholderUpdateNoted');
    expect(event.data).toEqual({ incidentId: INCIDENT, updateId: UPDATE, status: 'investigating', postedAt: '2026-03-03T09:02:00.000Z', commsEventId: 'comms-event' });
    expect(event.metadata).toMatchObject({ incidentId: INCIDENT, causationId: 'comms-event' });
  });

  it('given the update already noted, when noted again (a redelivery), then nothing', () => {
    const history = given(incidentCommsDecider).when(note()).events;
    given(incidentCommsDecider, history).when(note({ eventId: '00000000-0000-4000-8000-000000000012' })).then([]);
  });

  it('given a later update noted, when an earlier one arrives, then the last update stays the later one', () => {
    const later = given(incidentCommsDecider).when(note({ updateId: '00000000-0000-4000-8000-0000000000b2', postedAt: '2026-03-03T09:30:00.000Z' })).events;
    const earlier = given(incidentCommsDecider, later).when(note()).events;
    const state = [...later, ...earlier].reduce(incidentCommsDecider.evolve, incidentCommsDecider.initialState);
    expect(state.lastUpdate).toEqual({ updateId: '00000000-0000-4000-8000-0000000000b2', status: 'investigating', postedAt: '2026-03-03T09:30:00.000Z' });
  });
});
