import type { RequestHandler, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';
import { exchangeOutcome } from './control';

/**
 * Log lines are gathered into writes of 4 KiB rather than one system call each (a measured
 * cost on the hot path); `flushLogs` writes out the rest before the process exits.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? sharedStdout());
}

let stdout: ReturnType<typeof pino.destination> | undefined;

function sharedStdout() {
  stdout ??= pino.destination({ dest: 1, sync: false, minLength: 4096 });
  return stdout;
}

export function flushLogs(): void {
  stdout?.flushSync();
}

/** What the vendor router learnt of a call, for the log line. */
export function noteCall(res: Response, operationId: string | null, session: string): void {
  res.locals.operationId = operationId;
  res.locals.sessionName = session;
}

/**
 * One line per request once it is over. It is built from named fields only, never from
 * headers or bodies, so tokens and key material cannot reach the log.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('info')) return next();
    const started = performance.now();
    res.once('close', () => {
      const { answered: _answered, ...outcome } = exchangeOutcome(res, started);
      logger.info(
        {
          method: req.method,
          // originalUrl: a router mounted on a prefix (the docs' assets) shortens req.path.
          path: req.originalUrl.split('?')[0],
          operationId: res.locals.operationId ?? null,
          session: res.locals.sessionName ?? null,
          ...outcome,
          requestId: res.getHeader('x-request-id') ?? null,
        },
        'request',
      );
    });
    next();
  };
}
