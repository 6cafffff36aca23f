export * from './detection.module';
export * from './app.module';
export * from './service';
