export * from './coordination.module';
export * from './service';
export { AppModule as CoordinationAppModule } from './app.module';
export { COORDINATION_SETTINGS, coordinationSettings } from './coordination.settings';
