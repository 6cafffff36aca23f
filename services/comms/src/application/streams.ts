import { RecordedEvent, UpcasterChain } from '@linchpin/eventsourcing';
import { upcasters } from '@linchpin/contracts';

export const upcasterChain = new UpcasterChain(upcasters);
export const upcast = (event: RecordedEvent): RecordedEvent => upcasterChain.upcast(event);
