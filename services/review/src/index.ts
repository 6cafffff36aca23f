export * from './review.module';
export * from './service';
export { AppModule as ReviewAppModule } from './app.module';
