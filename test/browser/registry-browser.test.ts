import chromiumPackage from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import { startServer, type RunningServer } from '../../src';

/**
 * The browser a machine without Debian's chromium runs the browser tests in (see
 * executable.ts), tried on every run so that path never rots where Debian's is installed.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

it('the Chromium inside @sparticuz/chromium shows the docs page', async () => {
  const browser = await chromium.launch({
    executablePath: await chromiumPackage.executablePath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/__docs/`);
    await page.waitForSelector('#ui-kms .opblock-summary-operation-id', { timeout: 30_000 });
    expect(await page.locator('#ui-kms .opblock-summary-operation-id').allTextContents()).toContain('updatePrimaryRegion');
  } finally {
    await browser.close();
  }
}, 60_000);
