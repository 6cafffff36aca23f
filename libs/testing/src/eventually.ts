// One implementation, in the kernel's spec helpers: see libs/eventsourcing/src/decider-spec.ts.
export { eventually } from '@linchpin/eventsourcing';
