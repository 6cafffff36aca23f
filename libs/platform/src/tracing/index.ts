export * from './start-tracing';
export * from './spans';
export * from './http-server-spans';
