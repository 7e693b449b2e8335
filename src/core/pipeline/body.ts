import express, { type RequestHandler, type Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { Problem } from '../errors';
import { exchangeOf } from '../arrival/exchange';

/** Deeper JSON than any vendor body needs; deeper still would overflow the stack when the journal is serialized. */
export const MAX_DEPTH = 64;

/** Whether a parsed body nests deeper than `max`, found without recursion. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Reads request bodies: as JSON (below), or, for the APIs whose pack reads bodies itself
 * (`readBody`), as bytes of any media type, up to the same limit, for the pack to parse when
 * the call gets that far.
 */
export function requestBody(limit: number, readsItself: (res: Response) => boolean): RequestHandler {
  const json = jsonBody(limit);
  const raw = express.raw({
    limit,
    type: () => true,
    verify: (_req, res, buf) => {
      const exchange = exchangeOf(res as Response);
      exchange.requestBytes = buf;
      exchange.requestText = buf.toString('utf8');
    },
  });
  return (req, res, next) => {
    if (!readsItself(res)) return json(req, res, next);
    // The bytes as they came: a pack that reads bodies itself decides what Content-Encoding means (Django ignores it).
    const encoding = req.headers['content-encoding'];
    delete req.headers['content-encoding'];
    raw(req, res, (err?: unknown) => {
      if (encoding !== undefined) req.headers['content-encoding'] = encoding;
      const exchange = exchangeOf(res);
      if (err) exchange.bodyProblem = classify(err as BodyParserError, limit);
      else if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        // Nothing came: the journal records no body, and the content type as it was sent.
        exchange.nothingSent = true;
        exchange.contentTypeSent = req.headers['content-type'];
      }
      next();
    });
  };
}

/**
 * Parses JSON bodies up to `limit` bytes. A body that cannot be parsed is not answered here:
 * the real services check credentials first, so the problem is kept for the vendor's router
 * to raise after authentication.
 */
function jsonBody(limit: number): RequestHandler {
  // The text is kept for the journal: it costs what it weighs, where a parsed body can weigh
  // many times its text (`[{},{},…]`).
  const parse = express.json({
    limit,
    strict: true,
    verify: (_req, res, buf, encoding) => {
      exchangeOf(res as Response).requestText = buf.toString(encoding === 'utf-16le' || encoding === 'utf16le' ? 'utf16le' : 'utf8');
    },
  });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err) exchangeOf(res).bodyProblem = classify(err as BodyParserError, limit);
      else if (deeperThan(req.body, MAX_DEPTH)) {
        req.body = undefined;
        exchangeOf(res).bodyProblem = { kind: 'malformed-body', detail: `JSON nested deeper than ${MAX_DEPTH} levels` };
      } else if (req.body === undefined && !hasBody(req.headers)) {
        // Like the real services, a request without a body is read as an empty JSON object,
        // so it is refused for its missing fields rather than for its media type. The journal
        // is told, so that it records what was sent rather than this.
        req.body = {};
        const sent = exchangeOf(res);
        sent.nothingSent = true;
        sent.contentTypeSent = req.headers['content-type'];
        req.headers['content-type'] = 'application/json';
      }
      next();
    });
  };
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0';
}

interface BodyParserError {
  type?: string;
  message: string;
  charset?: string;
}

function classify(err: BodyParserError, limit: number): Problem {
  switch (err.type) {
    case 'entity.too.large':
      return { kind: 'body-too-large', limit };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { kind: 'unsupported-media-type', contentType: err.message };
    default:
      return { kind: 'malformed-body', detail: err.message };
  }
}
