import type { Page } from 'playwright-core';
import request from 'supertest';
import type { RunningServer } from '../src';
import { mockAndBrowser } from './browser/launch';
import { MANAGE_TOKEN, REGION_ID, regionPath } from './helpers';

const held = mockAndBrowser();
let server: RunningServer;
let page: Page;

beforeEach(async () => {
  server = held.server;
  await server.reset();
  page = await held.browser.newPage();
  // A page of the mock's own origin, as a frontend served beside it would be.
  await page.goto(`${server.url}/__admin/health`);
});
afterEach(() => page.close());

/** What the page's fetch of a region sees, call after call: a status, or the network error it got. */
function fetchRegions(times: number): Promise<Array<number | string>> {
  return page.evaluate(
    async ({ path, token, times }) => {
      const seen: Array<number | string> = [];
      for (let i = 0; i < times; i += 1) {
        try {
          seen.push((await fetch(path, { headers: { Authorization: token } })).status);
        } catch (err) {
          seen.push((err as Error).name);
        }
      }
      return seen;
    },
    { path: regionPath(REGION_ID), token: MANAGE_TOKEN, times },
  );
}

describe('network faults, as a page\'s fetch in Chromium sees them', () => {
  it.each([
    [{ network: 'CONNECTION_RESET' }],
    [{ network: 'EMPTY_RESPONSE' }],
    [{ network: 'TIMEOUT', timeoutMs: 200 }],
  ])('%j with times 2: two network errors, then a success', async (fault) => {
    // Earlier calls leave keep-alive connections the browser would reuse (and retry on, unseen).
    expect(await fetchRegions(3)).toEqual([200, 200, 200]);
    const added = await request(server.url).post('/__admin/faults').send({ api: 'rainbond', operationId: 'getRegion', times: 2, ...fault });
    expect(added.status).toBe(201);
    expect(await fetchRegions(3)).toEqual(['TypeError', 'TypeError', 200]);
    const [listed] = (await request(server.url).get('/__admin/faults')).body.faults;
    expect(listed).toMatchObject({ fired: 2 });
  }, 30_000);

  it('holds when the page itself adds the fault through the admin API', async () => {
    await fetchRegions(2);
    const seen = await page.evaluate(async (path) => {
      await fetch('/__admin/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api: 'rainbond', network: 'CONNECTION_RESET', times: 1 }) });
      const outcome = await fetch(path, { headers: { Authorization: 'rbd-manage-token' } }).then((r) => r.status, (e: Error) => e.name);
      const after = await fetch(path, { headers: { Authorization: 'rbd-manage-token' } }).then((r) => r.status, (e: Error) => e.name);
      return [outcome, after];
    }, regionPath(REGION_ID));
    expect(seen).toEqual(['TypeError', 200]);
  }, 30_000);
});
