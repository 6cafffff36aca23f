export * from './cloudevents-codec';
export * from './kafka-bus';
export * from './kafka-bus-logger';
