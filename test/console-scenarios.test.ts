import type { Express } from 'express';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, startServer, type RunningServer } from '../src';
import { openConsole, type ConsoleTab } from './browser/console-tab';
import { mockAndBrowser } from './browser/launch';
import { KEY_ID, PROJECT, regionPath, validRegionUpdate } from './helpers';
import { getRegion, putPrimaryRegion, putRegion } from './operations';

// A --scenarios folder beside the built-in ones: one scenario that applies, one the mock refuses.
const folder = mkdtempSync(join(tmpdir(), 'console-scenarios-'));
writeFileSync(join(folder, 'mine.yaml'), 'name: mine\ndescription: Key moves fail.\nfaults:\n  - api: kms\n    operationId: updatePrimaryRegion\n    status: 500\n');
writeFileSync(join(folder, 'broken.yaml'), 'name: broken\nfaults:\n  - api: kms\n    status: 999\n');

const held = mockAndBrowser({ scenariosDir: folder });
let server: RunningServer;
let tab: ConsoleTab;
let page: Page;

beforeEach(async () => {
  server = held.server;
  tab = await openConsole(held.browser, server.url);
  page = tab.page;
  await scenarioRow('expired-token').waitFor();
});
afterEach(() => page.close());

const scenarioRow = (name: string, on = page) =>
  on.getByRole('table', { name: 'Scenarios' }).locator('tbody tr').filter({ has: on.getByRole('cell', { name, exact: true }) });
const result = (on = page) => on.getByRole('status', { name: 'Scenario result' });
const rowsOf = (table: string) => page.getByRole('table', { name: table }).locator('tbody tr').allTextContents();
async function useSession(name: string, on = page) {
  await on.getByLabel('Session', { exact: true }).fill(name);
  await on.getByLabel('Session', { exact: true }).press('Enter');
}
async function pickFile(name: string, text: string) {
  await page.getByLabel('Scenario file (JSON)').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Apply file' }).click();
}

const inSession = (test: request.Test, session: string) => test.set('X-Mock-Session', session);
const moveKey = (session: string, region: string) => inSession(putPrimaryRegion(server.url), session).send({ key_id: KEY_ID, primary_region: region });
const describeKey = (session: string) => inSession(request(server.url).post(`/v1.0/${PROJECT}/kms/describe-key`).set('X-Auth-Token', 'kms-dev-token'), session).send({ key_id: KEY_ID });
const adminGet = (path: string, session: string, mock: Express | string = server.url) => inSession(request(mock).get(path), session);
/** What a session holds that a scenario gives it: its state and its faults (without their ids, which are new on every add). */
async function heldBy(session: string, mock: Express | string = server.url) {
  const faults = (await adminGet('/__admin/faults', session, mock)).body.faults.map(({ id: _id, ...f }: { id: string }) => f);
  return { state: (await adminGet('/__admin/state', session, mock)).body, faults };
}

describe('the Scenarios panel of /__console', () => {
  it('applies a built-in scenario to the session in the Session field, and to no other', async () => {
    await inSession(putRegion(server.url), 'qa-token').send(validRegionUpdate()).expect(200);
    await useSession('qa-token');
    await page.getByRole('table', { name: 'rainbond regions' }).getByText('https://region.example.com:8443').waitFor();
    expect(await scenarioRow('expired-token').textContent()).toMatch(/expired-token.*401.*built-in.*Apply/);

    await scenarioRow('expired-token').getByRole('button', { name: 'Apply expired-token' }).click();
    await result().getByText('Scenario expired-token applied to session qa-token').waitFor();
    // The page shows the session as the scenario left it: reset, with its two faults, and its journal started over.
    expect(await rowsOf('Faults')).toEqual([expect.stringMatching(/^rainbond any401no limit/), expect.stringMatching(/^kms any401no limit/)]);
    expect((await rowsOf('rainbond regions')).join()).not.toContain('region.example.com');
    expect(await rowsOf('Journal')).toEqual([]);

    // From outside: the session answers as the scenario says, and the journal the page shows is its own.
    expect((await inSession(getRegion(server.url), 'qa-token')).status).toBe(401);
    await page.getByRole('table', { name: 'Journal' }).locator('tbody tr').first().waitFor({ timeout: 1000 });
    expect(await rowsOf('Journal')).toEqual([expect.stringMatching(/getRegion.*401.*fault/)]);
    expect((await heldBy('qa-token')).faults).toEqual([expect.objectContaining({ api: 'rainbond', status: 401 }), expect.objectContaining({ api: 'kms', status: 401 })]);
    // No other session got it.
    expect((await getRegion(server.url)).status).toBe(200);
    expect((await inSession(getRegion(server.url), 'qa-other')).status).toBe(200);
    expect((await heldBy('qa-other')).faults).toEqual([]);
    expect(tab.errors).toEqual([]);
    expect(tab.outside).toEqual([]);
  });

  it('"Save as scenario" downloads the session as a scenario that applies back to the same state and faults', async () => {
    const from = 'qa-save';
    await inSession(request(server.url).post('/__admin/scenarios/apply'), from).send({ name: 'slowish', latency: { min: 1, max: 2 } }).expect(200);
    await moveKey(from, 'cn-east-3').expect(200);
    await inSession(request(server.url).delete(regionPath('8b1e6c0d2f4a4e9b9c7d5a3f1e0b2c4d')).set('Authorization', 'rbd-manage-token'), from).expect(200);
    await inSession(request(server.url).post('/__admin/faults'), from).send({ api: 'kms', operationId: 'describeKey', status: 504, after: 1, times: 2 }).expect(201);
    await describeKey(from).expect(200);
    await useSession(from);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as scenario' }).click()]);
    expect(download.suggestedFilename()).toBe('qa-save-snapshot.json');
    const text = readFileSync(await download.path(), 'utf8');
    const saved = JSON.parse(text);
    const { description: _now, ...snapshot } = (await adminGet('/__admin/snapshot', from)).body;
    expect(saved).toEqual({ ...snapshot, description: expect.stringMatching(/^Session qa-save as it was at /) });
    expect(saved.apis.rainbond.regions.removed).toEqual(['8b1e6c0d2f4a4e9b9c7d5a3f1e0b2c4d']);
    expect(saved.faults).toEqual([expect.objectContaining({ operationId: 'describeKey', matched: 1 })]);
    await result().getByText('Session qa-save saved as qa-save-snapshot.json').waitFor();

    // The file applies back: through the admin API to one fresh session, through the panel's file field to another, and as a mock's start (--scenario FILE).
    await inSession(request(server.url).post('/__admin/scenarios/apply'), 'qa-copy').send(saved).expect(200);
    await useSession('qa-panel');
    await pickFile(download.suggestedFilename(), text);
    await result().getByText('Scenario snapshot-qa-save applied to session qa-panel').waitFor();
    const original = await heldBy(from);
    expect(await heldBy('qa-copy')).toEqual(original);
    expect(await heldBy('qa-panel')).toEqual(original);
    expect(await heldBy('default', buildApp({ scenario: await download.path() }).app)).toEqual(original);
    expect(await rowsOf('Faults')).toEqual([expect.stringMatching(/^kms describeKey5042Remove$/)]);
    // The latency and the fault's place in its count came along: after the one call it let through, it answers its two 504s.
    expect({ ...(await adminGet('/__admin/snapshot', 'qa-panel')).body, name: '', description: '' }).toEqual({ ...saved, name: '', description: '' });
    for (const session of [from, 'qa-panel']) {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await describeKey(session)).status);
      expect(statuses).toEqual([504, 504, 200]);
    }
    expect(tab.errors).toEqual([]);
  });

  it('a picked file that is not JSON, or a scenario the mock refuses, is not applied and says why', async () => {
    const session = 'qa-refused';
    await moveKey(session, 'cn-east-3').expect(200);
    await inSession(request(server.url).post('/__admin/faults'), session).send({ api: 'kms', status: 500, times: 1 }).expect(201);
    const before = await heldBy(session);
    await useSession(session);

    await pickFile('mine.yaml', 'name: mine\nfaults: []\n');
    await result().getByText(/^mine\.yaml is not JSON: .* put a YAML one in the --scenarios folder/).waitFor();
    await pickFile('bad.json', JSON.stringify({ name: 'bad', faults: [{ api: 'kms', status: 999 }] }));
    await result().getByText(/^Not applied \(bad\.json\): Scenario request body at \/faults\/0\/status: .*nothing of it was applied$/).waitFor();
    expect(await heldBy(session)).toEqual(before);
    // The refusal is the admin API's 400, which the browser reports; nothing else went wrong on the page.
    expect(tab.errors).toEqual([expect.stringMatching(/status of 400/)]);
  });

  it('lists the --scenarios folder: a broken scenario with its problem and no Apply, a good one applied from it', async () => {
    expect(await scenarioRow('broken').textContent()).toContain(`Not applicable: Scenario ${join(folder, 'broken.yaml')} at /faults/0/status`);
    expect(await scenarioRow('broken').getByRole('button').count()).toBe(0);
    expect(await scenarioRow('mine').textContent()).toMatch(/^mineKey moves fail\.folderApply$/);
    await useSession('qa-folder');
    await scenarioRow('mine').getByRole('button', { name: 'Apply mine' }).click();
    await result().getByText('Scenario mine applied to session qa-folder').waitFor();
    expect((await moveKey('qa-folder', 'cn-east-3')).status).toBe(500);
    expect((await moveKey('qa-other', 'cn-east-3')).status).toBe(200);
  });
});

describe('the Scenarios panel with an admin token', () => {
  it('applies and saves with the token the page was given', async () => {
    const guarded = await startServer({ port: 0, adminToken: 's3cret-admin' });
    const page = await held.browser.newPage();
    try {
      await page.goto(`${guarded.url}/__console`);
      await page.getByLabel('Admin token', { exact: true }).fill('s3cret-admin');
      await page.getByRole('button', { name: 'Use token' }).click();
      await useSession('qa-guarded', page);
      await scenarioRow('expired-token', page).getByRole('button', { name: 'Apply expired-token' }).click();
      await result(page).getByText('Scenario expired-token applied to session qa-guarded').waitFor();
      expect((await inSession(getRegion(guarded.url), 'qa-guarded')).status).toBe(401);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as scenario' }).click()]);
      expect(JSON.parse(readFileSync(await download.path(), 'utf8')).faults).toHaveLength(2);
    } finally {
      await page.close();
      await guarded.close();
    }
  });
});
