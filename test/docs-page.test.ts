import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../src';
import { launchChromium } from './browser/launch';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ port: 0 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('/__docs in a browser', () => {
  it('shows every operation of both vendors and the admin API, from the mock alone', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    // Offline: anything not served by the mock is refused and remembered.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    await page.goto(`${server.url}/__docs`);
    await page.waitForFunction(() => document.querySelectorAll('.opblock-summary-operation-id').length >= 20, undefined, { timeout: 30_000 });
    const operationIds = await page.$$eval('.opblock-summary-operation-id', (nodes) => nodes.map((n) => n.textContent?.trim()));
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'listRegions', 'createRegion', 'getRegion', 'updateRegion', 'deleteRegion',
        'describeKey', 'listKeys', 'listSupportRegions', 'updatePrimaryRegion', 'replicateKey',
        'health', 'reset', 'getState', 'findRequests', 'addFault',
      ]),
    );
    const titles = await page.$$eval('.info .title', (nodes) => nodes.map((n) => n.textContent ?? ''));
    expect(titles.join(' ')).toMatch(/Rainbond/);
    expect(titles.join(' ')).toMatch(/KMS/);
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 60_000);
});
