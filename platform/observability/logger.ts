import { pino, type Logger } from 'pino';
import type { Config } from '../config/config';

export type { Logger };

/**
 * Structured JSON logs. Anything that could carry secrets or personal data is
 * redacted by path, as a second line of defence: code must not log them at all.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'email',
  '*.email',
  'prompt',
  '*.prompt',
  'completion',
  '*.completion',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
];

export function createLogger(config: Pick<Config, 'logLevel'>, service: string): Logger {
  return pino({
    level: config.logLevel,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
