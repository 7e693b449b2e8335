import { chromium, type Browser } from 'playwright-core';
import { BROWSER_PATH_VARIABLE, chooseChromium } from './executable';

/** Chromium as the browser tests run it: headless, with nothing of its own talking to the network. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = process.env[BROWSER_PATH_VARIABLE] ?? (await chooseChromium());
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}
