import { EventStore, RecordedEvent, UpcasterChain } from '@linchpin/eventsourcing';
import { upcasters } from '@linchpin/contracts';
import { ResponseEvent, ResponseState, responseDecider, responseStream } from '../domain/response.decider';
import { TeamEvent, TeamState, teamDecider, teamStream } from '../domain/team.decider';

export const upcasterChain = new UpcasterChain(upcasters);
export const upcast = (event: RecordedEvent): RecordedEvent => upcasterChain.upcast(event);

export async function loadTeam(store: EventStore, teamId: string): Promise<TeamState> {
  const events = await store.readStream(teamStream(teamId));
  return events.map(upcast).reduce((s, e) => teamDecider.evolve(s, e as TeamEvent), teamDecider.initialState);
}

export async function loadResponse(store: EventStore, incidentId: string): Promise<ResponseState> {
  const events = await store.readStream(responseStream(incidentId));
  return events.map(upcast).reduce((s, e) => responseDecider.evolve(s, e as ResponseEvent), responseDecider.initialState);
}
