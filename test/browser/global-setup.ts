import { BROWSER_PATH_VARIABLE, chooseChromium } from './executable';

/**
 * Runs once before the workers start: unpacking the registry's Chromium from several workers
 * at once would race on the same file. The workers inherit the variable.
 */
export default async function globalSetup(): Promise<void> {
  process.env[BROWSER_PATH_VARIABLE] ??= await chooseChromium();
}
