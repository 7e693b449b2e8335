import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../src';
import { mockAndBrowser } from './browser/launch';
import { KEY_ID, MANAGE_TOKEN } from './helpers';

const held = mockAndBrowser();
let server: RunningServer;
let browser: Browser;
beforeAll(() => {
  ({ server, browser } = held);
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
    // DOCS_SCREENSHOT=docs/docs-page.png renews the guides' picture of the page.
    if (process.env.DOCS_SCREENSHOT) {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.screenshot({ path: process.env.DOCS_SCREENSHOT });
    }
    await page.close();
  }, 60_000);
});

/** Each API's Swagger UI on the page is mounted in its own element. */
const ui = (api: string) => `#ui-${api}`;

async function authorize(page: Page, api: string, value: string): Promise<void> {
  await page.click(`${ui(api)} .btn.authorize`);
  const first = page.locator('.dialog-ux .auth-container').first();
  await first.locator('input').fill(value);
  await first.locator('button.authorize').click();
  await page.click('.dialog-ux button.btn-done');
}

/** Opens an operation, fills what is asked, executes it, and answers the status the page shows. */
async function execute(page: Page, api: string, operationId: string, prefer?: string): Promise<number> {
  const block = page.locator(`${ui(api)} .opblock`).filter({ has: page.locator(`.opblock-summary-operation-id:text-is("${operationId}")`) });
  if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').click();
  const tryOut = block.locator('button.try-out__btn');
  if ((await tryOut.textContent())?.includes('Try it out')) await tryOut.click();
  await block.locator('tr[data-param-name="Prefer"] select').selectOption(prefer ?? '');
  // An earlier answer is cleared first, so that the status read is this execution's.
  const clear = block.locator('button.btn-clear');
  if (await clear.isVisible()) await clear.click();
  const answered = page.waitForResponse((res) => res.request().method() !== 'GET' || res.url().includes('/openapi/'));
  await block.locator('button.execute').click();
  await answered;
  const status = block.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor();
  return Number((await status.textContent())?.trim());
}

describe('/__docs: Try it out, against the server that served the page', () => {
  let prefixed: Server;
  let prefixedUrl: string;

  beforeAll(async () => {
    // A reverse proxy that serves the mock under /mock/, as a shared team server might.
    prefixed = createServer((req, res) => {
      const path = (req.url ?? '').replace(/^\/mock(?=\/)/, '');
      const upstream = httpRequest(`${server.url}${path}`, { method: req.method, headers: { ...req.headers, host: new URL(server.url).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => prefixed.listen(0, '127.0.0.1', resolve));
    prefixedUrl = `http://127.0.0.1:${(prefixed.address() as AddressInfo).port}/mock`;
  });
  afterAll(() => new Promise((resolve) => prefixed.close(resolve)));

  it.each(['__docs', '__console'])('sends /%s without its slash to the page under the same prefix', async (page) => {
    const res = await fetch(`${prefixedUrl}/${page}?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get('location') ?? '', res.url).href).toBe(`${prefixedUrl}/${page}/?x=1`);
  });
  beforeEach(() => server.reset());

  it.each([
    ['on its own port', () => `${server.url}/__docs/`],
    ['under a reverse proxy\'s path prefix', () => `${prefixedUrl}/__docs/`],
  ])('executes KMS and Rainbond PUTs after one Authorize each, and a forced 504 (%s)', async (_where, pageUrl) => {
    const page = await browser.newPage();
    const sent: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'PUT') sent.push(req.url());
    });
    await page.goto(pageUrl());
    await page.waitForSelector(`${ui('kms')} .opblock`, { timeout: 30_000 });
    await page.waitForSelector(`${ui('rainbond')} .opblock`, { timeout: 30_000 });

    await authorize(page, 'kms', 'kms-dev-token');
    expect(await execute(page, 'kms', 'updatePrimaryRegion')).toBe(200);
    expect(server.sessions.default.store.data.kms.keys).toEqual(expect.arrayContaining([expect.objectContaining({ key_id: KEY_ID, primary_region: 'cn-east-3' })]));
    expect(await execute(page, 'kms', 'updatePrimaryRegion', 'code=504')).toBe(504);

    await authorize(page, 'rainbond', MANAGE_TOKEN);
    expect(await execute(page, 'rainbond', 'updateRegion')).toBe(200);

    const base = new URL(pageUrl()).href.replace(/__docs\/$/, '');
    expect(sent.length).toBe(3);
    for (const url of sent) expect(url.startsWith(base)).toBe(true);
    await page.close();
  }, 90_000);
});
