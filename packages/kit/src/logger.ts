import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/**
 * Header and field names whose values never reach a log line. pino replaces them with
 * "[redacted]" wherever they appear at these paths.
 */
const REDACT_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "token",
  "*.token",
  "refreshToken",
  "*.refreshToken",
  "secret",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  'headers["x-api-key"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
];

/** `destination`: where lines go (stdout by default; tests that read logs pass a stream). */
export function createLogger(options: { service: string; level: LevelWithSilent; destination?: DestinationStream }): Logger {
  const settings = {
    name: options.service,
    level: options.level,
    base: { service: options.service },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
