import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureApp } from './configure-app';
import { createHttpAdapter } from './http-adapter';
import { loadConfig } from './load-config';
import { ServiceDefinition } from './service-definition';
import { startTracing } from './tracing/start-tracing';

/**
 * Builds the application with the JSON logger and the HTTP conventions, ready to `listen`.
 * The environment is validated first, so a bad variable fails with a ConfigurationError
 * before any adapter opens. Tracing starts before the app is built, as the OTEL_* variables ask.
 */
export async function createApp(rootModule: Type<unknown>, service: ServiceDefinition): Promise<INestApplication> {
  loadConfig(service);
  startTracing(service);
  const app = await NestFactory.create(rootModule, createHttpAdapter(), { bufferLogs: true, abortOnError: false });
  try {
    app.useLogger(app.get(Logger));
  } catch {
    // No InfrastructureModule (hence no pino) in this app: keep Nest's logger.
    app.flushLogs();
  }
  configureApp(app, service);
  app.enableShutdownHooks();
  return app;
}
