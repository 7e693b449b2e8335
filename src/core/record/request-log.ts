import type { Request, Response } from 'express';
import pino from 'pino';
import type { LogLevel } from '../../config';
import { exchangeOf, whenOver } from '../arrival/exchange';
import { LineBatcher, type TextSink } from './line-batcher';
import { sayOnStderr, StdoutSink } from './stdout-sink';

let stdout: StdoutSink | undefined;
let batcher: LineBatcher | undefined;

/**
 * Standard output, fed in batches, written without ever blocking. Whatever is still held
 * when the process exits, however it exits, is written out then if it can be at once.
 */
function sharedStdout(): TextSink {
  if (!batcher) {
    stdout = new StdoutSink();
    batcher = new LineBatcher(stdout);
    process.once('exit', flushLogs);
  }
  return batcher;
}

/**
 * Hands every line still held to standard output at once. Lines a full pipe (stdout not being
 * read) will not take are dropped rather than waited for, so that an exit is never held up,
 * and their count is said on standard error.
 */
export function flushLogs(): void {
  if (!stdout || !batcher) return;
  batcher.flush();
  const dropped = stdout.flushNow();
  if (dropped > 0) sayOnStderr(`regionmock: ${dropped} log line(s) dropped: standard output was not being read\n`);
}

/** What the vendor router learnt of a call, for the log line and the journal. */
export function noteCall(res: Response, operationId: string | null, session: string): void {
  const exchange = exchangeOf(res);
  exchange.operationId = operationId;
  exchange.session = session;
}

const INFO = pino.levels.values.info;

/**
 * One line per request once it is over, in pino's line format at level info. It is built from
 * named fields only, never from headers or bodies, so tokens and key material cannot reach the
 * log. It is written as a template, which measured cheaper than a general logger's call.
 */
export function requestLog(level: LogLevel, to?: TextSink): (req: Request, res: Response) => void {
  // A silent mock (the in-process default) opens no destination at all.
  if (level === 'silent' || pino.levels.values[level] > INFO) return () => {};
  const destination = to ?? sharedStdout();
  return (req, res) => {
    whenOver(req, res, ({ status, durationMs, forced, networkFault }) => {
      // originalUrl: a router mounted on a prefix (the docs' assets) shortens req.path.
      const path = req.originalUrl.split('?')[0];
      const requestId = res.getHeader('x-request-id');
      const exchange = exchangeOf(res);
      destination.write(
        `{"level":${INFO},"time":"${new Date().toISOString()}","method":${quoted(req.method)},"path":${JSON.stringify(path)},` +
          `"operationId":${quoted(exchange.operationId)},"session":${quoted(exchange.session)},"status":${status},` +
          `"durationMs":${durationMs},"forced":${quoted(forced)},"networkFault":${quoted(networkFault)},` +
          `"requestId":${quoted(requestId)},"msg":"request"}\n`,
      );
    });
  };
}

const PLAIN = /^[\w.:-]*$/;

/** A string as JSON; the mock's own tokens need no escaping, anything else gets it. */
function quoted(value: unknown): string {
  if (typeof value !== 'string') return 'null';
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}
