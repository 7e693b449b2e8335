import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../../src';
import { BROWSER_PATH_VARIABLE, chooseChromium } from './executable';
import { fontConfigPath } from './fonts';

/** Chromium as the browser tests run it: headless, with nothing of its own talking to the network. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = process.env[BROWSER_PATH_VARIABLE] ?? (await chooseChromium());
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
    env: { ...process.env, FONTCONFIG_PATH: fontConfigPath() },
  });
}

/** A mock (with the given options) and a Chromium for one test file, started before its tests and closed after them. */
export function mockAndBrowser(options: Partial<ServerOptions> = {}): { readonly server: RunningServer; readonly browser: Browser } {
  const held = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    held.server = await startServer({ ...options, port: 0 });
    held.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await held.browser?.close();
    await held.server?.close();
  });
  return held;
}
