import type { Browser, Page } from 'playwright-core';

/** The console open in a new tab, with what the tab reported as errors and every request it tried outside the mock. */
export interface ConsoleTab {
  page: Page;
  errors: string[];
  outside: string[];
}

/** Opens /__console of the mock at `url` offline (anything not served by the mock is refused and remembered), once its first views are drawn. */
export async function openConsole(browser: Browser, url: string): Promise<ConsoleTab> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const tab: ConsoleTab = { page, errors: [], outside: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') tab.errors.push(m.text());
  });
  page.on('pageerror', (e) => tab.errors.push(e.message));
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith(url)) return route.continue();
    tab.outside.push(requested);
    return route.abort();
  });
  await page.goto(`${url}/__console`);
  await page.getByRole('table', { name: 'Coverage' }).getByRole('row').first().waitFor();
  return tab;
}
