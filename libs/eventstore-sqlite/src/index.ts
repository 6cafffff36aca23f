export * from './sqlite-event-store';
export { SqliteWriterStoppedError } from './batch-writers';
