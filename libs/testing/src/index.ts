export * from './event-store-contract';
export * from './esdb-test-server';
export * from './kafka-broker';
