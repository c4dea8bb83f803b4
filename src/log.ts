/** The pino logger: JSON lines on stderr (readable when stderr is a terminal); reports never go through it. */
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Creates the logger at a level; pretty-printed on a terminal unless LOG_FORMAT=json. */
export function createLogger(level: LogLevel): Logger {
  if (process.stderr.isTTY && process.env.LOG_FORMAT !== 'json') {
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (options: object) => NodeJS.WritableStream;
    return pino({ level, base: undefined }, pretty({ destination: 2, sync: true, colorize: true }));
  }
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: true }));
}
