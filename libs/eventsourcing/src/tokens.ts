/** Injection tokens of the ports, so services depend on ports, never on adapters. */
export const EVENT_STORE = 'linchpin:EventStore';
export const MESSAGE_BUS = 'linchpin:MessageBus';
export const CHECKPOINT_STORE = 'linchpin:CheckpointStore';
export const CLOCK = 'linchpin:Clock';
