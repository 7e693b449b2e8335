import express from 'express';
import request from 'supertest';
import { exchangeOf } from '../src/core/arrival/exchange';
import { noteCall, requestLog } from '../src/core/record/request-log';

/** An app whose only step is the request log, writing into `lines`. */
function loggedApp(lines: string[], level: 'info' | 'warn' = 'info') {
  const log = requestLog(level, { write: (line) => lines.push(line) });
  const app = express();
  app.use((req, res, next) => {
    log(req, res);
    next();
  });
  app.get('/named', (_req, res) => {
    noteCall(res, 'getRegion', 'qa:run-1');
    res.setHeader('X-Request-Id', 'abc123');
    exchangeOf(res).forced = 'prefer';
    res.status(504).json({});
  });
  app.use((_req, res) => {
    exchangeOf(res).operationId = 'odd "name"\n';
    res.status(404).end();
  });
  return app;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('request log line', () => {
  it('is one JSON line with the named fields', async () => {
    const lines: string[] = [];
    await request(loggedApp(lines)).get('/named?token=secret');
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toEqual({
      level: 30, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), method: 'GET', path: '/named', operationId: 'getRegion', session: 'qa:run-1',
      status: 504, durationMs: expect.any(Number), forced: 'prefer', networkFault: null, requestId: 'abc123', msg: 'request',
    });
    expect(lines[0]).not.toContain('secret');
  });

  it('stays valid JSON for text that needs escaping, and names what is unknown as null', async () => {
    const lines: string[] = [];
    await request(loggedApp(lines)).get('/a%22b/"quoted"/\\');
    await settle();
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ path: expect.stringContaining('quoted'), operationId: 'odd "name"\n', session: null, requestId: null, status: 404 });
  });

  it('writes nothing below info', async () => {
    const lines: string[] = [];
    await request(loggedApp(lines, 'warn')).get('/named');
    await settle();
    expect(lines).toEqual([]);
  });
});
