import type { Page } from 'playwright-core';
import request from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, startServer, type RunningServer } from '../src';
import { openConsole } from './browser/console-tab';
import { mockAndBrowser } from './browser/launch';
import { KEY_ID, kmsKey, primaryRegionPath } from './helpers';

const held = mockAndBrowser();
let server: RunningServer;
let page: Page;
let consoleErrors: string[];
let outside: string[];

beforeEach(async () => {
  server = held.server;
  await server.reset();
  await request(server.url).delete('/__admin/coverage?session=*');
  ({ page, errors: consoleErrors, outside } = await openConsole(held.browser, server.url));
});
afterEach(() => page.close());

const move = (region: string) => request(server.url).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: region });
const journalRows = () => page.getByRole('table', { name: 'Journal' }).locator('tbody tr');

describe('/__console in Chromium', () => {
  it('starts its journal over when the session is reset from elsewhere', async () => {
    await move('cn-east-3');
    await journalRows().first().waitFor({ timeout: 1000 });
    await server.reset();
    await move('eu-west-101');
    await journalRows().filter({ hasText: '400' }).first().waitFor({ timeout: 1500 });
    expect(await journalRows().allTextContents()).toEqual([expect.stringMatching(/updatePrimaryRegion.*400.*natural/)]);
  });

  it('loads from the mock alone, without console errors, and shows a call made from outside within a second', async () => {
    expect((await move('cn-east-3')).status).toBe(200);
    await journalRows().filter({ hasText: 'updatePrimaryRegion' }).first().waitFor({ timeout: 1000 });
    await expect(journalRows().first().textContent()).resolves.toMatch(/PUT.*update-primary-region.*updatePrimaryRegion.*200.*natural/);
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('adds a fault from the form: the next call answers 502, the one after succeeds, both in the journal', async () => {
    await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'kms updatePrimaryRegion' });
    await page.getByLabel('Outcome', { exact: true }).selectOption('502');
    await page.getByLabel('Times', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Add fault' }).click();
    await page.getByRole('table', { name: 'Faults' }).getByText('kms updatePrimaryRegion').waitFor();
    expect((await move('cn-east-3')).status).toBe(502);
    expect((await move('cn-east-3')).status).toBe(200);
    await journalRows().nth(1).waitFor({ timeout: 1000 });
    const texts = await journalRows().allTextContents();
    expect(texts[0]).toMatch(/updatePrimaryRegion.*200.*natural/);
    expect(texts[1]).toMatch(/updatePrimaryRegion.*502.*fault/);
    expect(consoleErrors).toEqual([]);
  });

  it('resets the session from the page, and shows the coverage change after calls', async () => {
    const coverage = page.getByRole('table', { name: 'Coverage' });
    await expect(coverage.getByRole('row', { name: /kms updatePrimaryRegion/ }).textContent()).resolves.not.toMatch(/200 ×/);
    expect((await move('cn-east-3')).status).toBe(200);
    await coverage.getByRole('row', { name: /kms updatePrimaryRegion/ }).getByText('200 ×1').waitFor({ timeout: 2000 });
    expect(kmsKey(server.sessions.default, KEY_ID)?.primary_region).toBe('cn-east-3');
    await page.getByRole('button', { name: 'Reset session' }).click();
    await page.getByRole('status').getByText('Session default reset').waitFor();
    expect(kmsKey(server.sessions.default, KEY_ID)?.primary_region).toBe('cn-north-4');
    await page.getByRole('table', { name: 'kms keys' }).getByText('cn-north-4').first().waitFor();
    // The screenshot docs/console.md shows, taken with some traffic on the page.
    await move('cn-east-3').set('Prefer', 'code=504');
    await move('ap-southeast-1');
    await journalRows().nth(1).waitFor({ timeout: 1000 });
    // The journal shows the calls since the reset only, the forced one with how it came about.
    const texts = await journalRows().allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/updatePrimaryRegion.*504.*prefer/);
    // CONSOLE_SCREENSHOT=docs/console.png renews the picture of docs/console.md; otherwise it goes to a temporary file.
    // Wide enough for the coverage grid; the state's tables scroll inside their section.
    await page.setViewportSize({ width: 1700, height: 950 });
    await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT ?? join(tmpdir(), `regionmock-console-${process.pid}.png`) });
    expect(consoleErrors).toEqual([]);
  });
});

describe('/__console in Chinese', () => {
  it("renders the regions' Chinese aliases with a CJK font the browser finds", async () => {
    const alias = page.getByRole('table', { name: 'rainbond regions' }).getByText('默认集群', { exact: true });
    await alias.waitFor();
    await alias.evaluate((cell) => {
      cell.id = 'cjk-probe';
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#cjk-probe' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName)).toEqual(expect.arrayContaining([expect.stringMatching(/^Noto Sans (CJK )?SC|^Noto Sans CJK/)]));
  });
});

describe('/__console and the admin API', () => {
  it('asks for the admin token in a password field on the page, again when refused, remembers it for the tab, never in the URL', async () => {
    const guarded = await startServer({ port: 0, adminToken: 's3cret-admin' });
    const tab = await held.browser.newPage();
    const dialogs: string[] = [];
    tab.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await tab.goto(`${guarded.url}/__console`);
      const field = tab.getByLabel('Admin token', { exact: true });
      await field.waitFor();
      expect(await field.getAttribute('type')).toBe('password');
      await tab.getByRole('status').getByText('This mock asks for its admin token (X-Admin-Token)').waitFor();
      await field.fill('wrong');
      await tab.getByRole('button', { name: 'Use token' }).click();
      await tab.getByRole('status').getByText('The admin token was refused: enter it again').waitFor({ timeout: 2000 });
      await field.fill('s3cret-admin');
      await tab.getByRole('button', { name: 'Use token' }).click();
      await tab.getByRole('table', { name: 'Coverage' }).getByRole('row').first().waitFor({ timeout: 2000 });
      await request(guarded.url).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
      await tab.getByRole('table', { name: 'Journal' }).locator('tbody tr').first().waitFor({ timeout: 2000 });
      expect(tab.url()).not.toContain('s3cret');
      // The same tab, reloaded, asks no more.
      await tab.reload();
      await tab.getByRole('table', { name: 'Journal' }).locator('tbody tr').first().waitFor({ timeout: 2000 });
      expect(await tab.locator('#token-form').isHidden()).toBe(true);
      expect(dialogs).toEqual([]);
    } finally {
      await tab.close();
      await guarded.close();
    }
  });

  it('lines each status up in its own column of the coverage grid', async () => {
    const coverage = page.getByRole('table', { name: 'Coverage' });
    const headers = await coverage.locator('thead th').allTextContents();
    expect(headers[0]).toBe('Operation');
    const statuses = headers.slice(1).map(Number);
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    expect(statuses).toEqual(expect.arrayContaining([200, 201, 400, 401, 403, 404, 415, 500, 502, 504]));
    expect((await move('cn-east-3')).status).toBe(200);
    const row = coverage.getByRole('row', { name: /kms updatePrimaryRegion/ });
    await row.getByText('200 ×1').waitFor({ timeout: 2000 });
    // Every cell sits under the column of its status; a status the operation does not document is an empty cell.
    for (const tr of await coverage.locator('tbody tr').all()) {
      const cells = await tr.locator('td').allTextContents();
      expect(cells).toHaveLength(statuses.length);
      cells.forEach((text, i) => expect(text === '' || text.startsWith(String(statuses[i]))).toBe(true));
    }
  });

  it('is off with the admin API off', async () => {
    const { app } = buildApp({ adminApi: false });
    expect((await request(app).get('/__console/')).status).toBe(404);
  });

  it('is served with a policy that allows nothing from elsewhere', async () => {
    const res = await request(server.url).get('/__console/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
  });
});
