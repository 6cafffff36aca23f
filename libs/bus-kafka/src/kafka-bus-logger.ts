import { logLevel } from 'kafkajs';

/** Structural, so a pino logger, Nest's Logger adapter or `console` fits. */
export interface KafkaBusLogger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export type KafkaLogLevelName = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** Without a logger the bus reports only what an operator must see: crashes and dead letters. */
export const consoleLogger: KafkaBusLogger = {
  info: () => undefined,
  warn: (message, meta) => console.warn(`[KafkaBus] ${message}`, meta ?? ''),
  error: (message, meta) => console.error(`[KafkaBus] ${message}`, meta ?? ''),
};

export function toKafkaLogLevel(name: KafkaLogLevelName): logLevel {
  switch (name) {
    case 'nothing':
      return logLevel.NOTHING;
    case 'error':
      return logLevel.ERROR;
    case 'warn':
      return logLevel.WARN;
    case 'info':
      return logLevel.INFO;
    case 'debug':
      return logLevel.DEBUG;
  }
}
