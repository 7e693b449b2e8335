import { request as httpRequest } from 'node:http';
import { startServer, type RunningServer } from '../src';
import { KEY_ID, primaryRegionPath } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());
beforeEach(() => fetch(`${server.url}/__admin/reset`, { method: 'POST' }));

interface Seen {
  status?: number;
  error?: NodeJS.ErrnoException;
  timedOut?: boolean;
  ms: number;
}

/** A raw client call, so that what the socket did is visible (fetch hides it behind one error). */
function call(clientTimeoutMs?: number): Promise<Seen> {
  const body = JSON.stringify({ key_id: KEY_ID, primary_region: 'cn-east-3' });
  const started = Date.now();
  return new Promise((resolve) => {
    const req = httpRequest(`${server.url}${primaryRegionPath(KEY_ID)}`, {
      method: 'PUT',
      agent: false,
      headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    });
    if (clientTimeoutMs) {
      req.setTimeout(clientTimeoutMs, () => {
        resolve({ timedOut: true, ms: Date.now() - started });
        req.destroy();
      });
    }
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - started }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error, ms: Date.now() - started }));
    req.end(body);
  });
}

async function addFault(fault: object) {
  const res = await fetch(`${server.url}/__admin/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
  expect(res.status).toBe(201);
}

async function state() {
  return (await fetch(`${server.url}/__admin/state`)).json();
}

async function journal() {
  return (await (await fetch(`${server.url}/__admin/requests?api=kms`)).json()).requests;
}

describe('network faults as a client sees them', () => {
  it('CONNECTION_RESET: the connection is reset without an answer', async () => {
    await addFault({ api: 'kms', network: 'CONNECTION_RESET' });
    const before = await state();
    const seen = await call();
    expect(seen.status).toBeUndefined();
    expect(seen.error?.code).toBe('ECONNRESET');
    expect(await state()).toEqual(before);
    expect(await journal()).toMatchObject([{ status: null, networkFault: 'CONNECTION_RESET', forced: 'fault', responseBody: null }]);
  });

  it('EMPTY_RESPONSE: the request is read, then the connection closes with no answer', async () => {
    await addFault({ api: 'kms', network: 'EMPTY_RESPONSE' });
    const before = await state();
    const seen = await call();
    expect(seen.status).toBeUndefined();
    expect(seen.error?.message).toBe('socket hang up');
    expect(await state()).toEqual(before);
    const [entry] = await journal();
    expect(entry).toMatchObject({ status: null, networkFault: 'EMPTY_RESPONSE', body: { key_id: KEY_ID, primary_region: 'cn-east-3' } });
  });

  it('TIMEOUT: no answer at all; a client with a shorter timeout gives up', async () => {
    await addFault({ api: 'kms', network: 'TIMEOUT', timeoutMs: 5000 });
    const before = await state();
    const seen = await call(200);
    expect(seen.timedOut).toBe(true);
    expect(seen.status).toBeUndefined();
    expect(await state()).toEqual(before);
  });

  it('TIMEOUT: the connection is dropped at the bound the fault names', async () => {
    await addFault({ api: 'kms', network: 'TIMEOUT', timeoutMs: 300 });
    const seen = await call();
    expect(seen.status).toBeUndefined();
    expect(seen.error?.message).toBe('socket hang up');
    expect(seen.ms).toBeGreaterThanOrEqual(290);
    const [entry] = await journal();
    expect(entry).toMatchObject({ status: null, networkFault: 'TIMEOUT' });
    expect(entry.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('fires only as often as times says; the next call is answered and changes the state', async () => {
    await addFault({ api: 'kms', network: 'CONNECTION_RESET', times: 1 });
    expect((await call()).error?.code).toBe('ECONNRESET');
    expect((await call()).status).toBe(200);
    const keys = (await state()).kms.keys as Array<{ key_id: string; primary_region: string }>;
    expect(keys.find((k) => k.key_id === KEY_ID)?.primary_region).toBe('cn-east-3');
  });
});
