export * from './app.module';
export * from './service';
