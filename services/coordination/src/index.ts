export * from './coordination.module';
export * from './service';
export { AppModule as CoordinationAppModule } from './app.module';
