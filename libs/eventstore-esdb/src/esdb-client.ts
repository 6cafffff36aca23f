import { EventStoreDBClient } from '@eventstore/db-client';

/** The part of the client the adapter uses: what a unit test's fake stands in for. */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'setStreamMetadata' | 'dispose'>;
