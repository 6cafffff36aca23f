import { ResponderPagedV2 } from '@linchpin/contracts';
import { responseDecider } from '../domain/response.decider';
import { incidentCommsDecider } from '../domain/incident-comms.decider';
import { warRoomBlocks } from './war-room';

const INCIDENT = '00000000-0000-4000-8000-0000000000d1';
const PERSON = '00000000-0000-4000-8000-0000000000d2';
const metadata = { incidentId: INCIDENT, correlationId: INCIDENT, causationId: 'triage', actor: 'system:coordination', occurredAt: '2026-03-03T09:00:00.000Z' };

describe('the war room blocks', () => {
  it('before the SLA clocks start, with no task and no stakeholder update: sla null, tasks and timers empty, lastStakeholderUpdateAt null', () => {
    const paged = ResponderPagedV2.create(
      '00000000-0000-4000-8000-0000000000d3',
      {
        incidentId: INCIDENT,
        pageId: '00000000-0000-4000-8000-0000000000d4',
        teamId: '00000000-0000-4000-8000-0000000000d5',
        team: 'payments',
        personId: PERSON,
        responder: 'alice',
        contactMethodId: '00000000-0000-4000-8000-0000000000d6',
        contactKind: 'webhook',
        priority: 'P1',
        title: 'Checkout is down',
        escalationLevel: 1,
        reason: 'paged',
      },
      metadata,
    );
    const state = responseDecider.evolve(responseDecider.initialState, paged);
    if (state.status === 'none') throw new Error('expected an incident');
    expect(warRoomBlocks(state, [], { status: 'none' }, incidentCommsDecider.initialState, new Date('2026-03-03T09:01:00.000Z'))).toEqual({
      responders: [{ personId: PERSON, name: 'alice' }],
      tasks: [],
      sla: null,
      pendingTimers: [],
      lastStakeholderUpdateAt: null,
    });
  });
});
