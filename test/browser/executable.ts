import { existsSync } from 'node:fs';

/** Debian's chromium, when the machine has it. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Set by the global setup to the browser it chose, for every test worker. */
export const BROWSER_PATH_VARIABLE = 'REGIONMOCK_TEST_BROWSER';

/**
 * The Chromium the browser tests drive: Debian's when installed, else the one shipped inside
 * the @sparticuz/chromium package from the registry (a test tool's own download fails where
 * only the registry is reachable), unpacked once. `TEST_BROWSER=registry` picks the registry
 * one even where Debian's is installed, to check that path.
 */
export async function chooseChromium(): Promise<string> {
  if (existsSync(DEBIAN_CHROMIUM) && process.env.TEST_BROWSER !== 'registry') return DEBIAN_CHROMIUM;
  const shipped = (await import('@sparticuz/chromium')).default;
  return shipped.executablePath();
}
