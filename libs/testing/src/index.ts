export * from './event-store-contract';
export * from './esdb-test-server';
export * from './kafka-broker';
export * from './eventually';
export * from './service-process';
export * from './webhook-receiver';
export * from './alertmanager';
export * from './refused-webhook-urls';
