export * from './triage.module';
export * from './app.module';
export * from './service';
