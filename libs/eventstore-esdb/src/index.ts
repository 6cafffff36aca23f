export * from './esdb-event-store';
export type { EsdbClient } from './esdb-client';
