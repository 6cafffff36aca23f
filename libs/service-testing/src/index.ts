export * from './service-app';
