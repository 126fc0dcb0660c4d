import type { Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import pretty from 'pino-pretty';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL as the operator wrote it, else info; an unknown level is refused rather than ignored. */
export function logLevelOf(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is ${JSON.stringify(value)}`);
  return level;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where the lines go: readable lines when it is a terminal, JSON (one object a line) otherwise. */
  stream: Writable & { isTTY?: boolean };
  /** Which process of the server writes (`primary`, `worker 2`): on every line, when the server runs several. */
  name?: string | undefined;
}

/**
 * The server's logger: JSON lines for a log collector when the output is piped
 * or redirected, readable coloured lines for a person at a terminal. Requests
 * are logged at debug level (see buildServer), so that info shows what happens
 * to the installation, not every request.
 */
export function serverLogger({ level, stream, name }: LoggerOptions): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  const named = name === undefined ? {} : { name };
  if (!stream.isTTY) return { level, stream, ...named };
  return {
    level,
    ...named,
    stream: pretty({
      destination: stream,
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      sync: true,
    }),
  };
}

/**
 * The same logger for a process that serves no HTTP of its own: the primary
 * of several workers, which logs their starts and ends and the daily jobs.
 */
export async function processLogger(opts: LoggerOptions): Promise<FastifyBaseLogger> {
  const { default: fastify } = await import('fastify');
  return fastify({ logger: serverLogger(opts) }).log;
}
