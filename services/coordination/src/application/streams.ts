import { EventStore, loadState, RecordedEvent, UpcasterChain } from '@linchpin/eventsourcing';
import { upcasters } from '@linchpin/contracts';
import { ResponseState, responseDecider } from '../domain/response.decider';
import { TeamState, teamDecider } from '../domain/team.decider';
import { responseStream, teamStream } from '../domain/streams';

export const upcasterChain = new UpcasterChain(upcasters);
export const upcast = (event: RecordedEvent): RecordedEvent => upcasterChain.upcast(event);

export async function loadTeam(store: EventStore, teamId: string): Promise<TeamState> {
  return (await loadState(store, teamStream(teamId), teamDecider, { map: upcast })).state;
}

export async function loadResponse(store: EventStore, incidentId: string): Promise<ResponseState> {
  return (await loadState(store, responseStream(incidentId), responseDecider, { map: upcast })).state;
}
