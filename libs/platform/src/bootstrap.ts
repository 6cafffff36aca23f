import { INestApplication, Logger, Type } from '@nestjs/common';
import { createApp } from './create-app';
import { LinchpinConfig } from './linchpin-config';
import { ConfigurationError } from './load-config';
import { ServiceDefinition } from './service-definition';

/** createApp, then listen on HOST:PORT and say where the API docs are. A failure to start ends the process. */
export async function bootstrap(rootModule: Type<unknown>, service: ServiceDefinition): Promise<INestApplication> {
  try {
    const app = await createApp(rootModule, service);
    const config = app.get(LinchpinConfig);
    await app.listen(config.port, config.host);
    new Logger('Bootstrap').log(`${service.title} listening; API docs: http://${config.host}:${config.port}/docs`);
    return app;
  } catch (error) {
    // A message for the operator, not a stack: a ConfigurationError already names the variable and the reason.
    process.stderr.write(`${service.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && !(error instanceof ConfigurationError) && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exit(1);
  }
}
