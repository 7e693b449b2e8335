import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import request from 'supertest';
import * as regionmock from '../src';
import { fencedBlocks } from './snippets/blocks';
import { KEY_ID, primaryRegionPath, regionPath, REGION_ID, validRegionUpdate } from './helpers';

/**
 * Every TypeScript and JavaScript snippet of the README and the guides runs in this suite:
 * here (whole test files with their own `test` calls, and fragments with the names they take
 * for granted given to them), or in the test named for it. `regionmock` is this repository's
 * source. A snippet that is in none of the lists fails until it is placed.
 */

/** Snippets run elsewhere, by the start of their first line. */
const ELSEWHERE: Record<string, string> = {
  'docs/huawei-sdk.md: const { BasicCredentials }': 'test/huawei-sdk/readme-example.test.ts',
  'docs/test-runners.md: module.exports = {': 'test/package-runners.test.ts (Jest)',
  'docs/test-runners.md: import { startServer }': 'test/package-runners.test.ts (Jest)',
  'docs/test-runners.md: import type { RunningServer }': 'test/package-runners.test.ts (Jest)',
  'docs/test-runners.md: import request from': 'test/package-runners.test.ts (Jest)',
  'docs/test-runners.md: import { afterAll, beforeAll': 'test/package-runners.test.ts (Vitest)',
  'docs/test-runners.md: import assert from': 'test/package-runners.test.ts (node:test, ESM)',
  'docs/test-runners.md: const assert = require': 'test/package-runners.test.ts (node:test, CommonJS)',
  'docs/test-runners.md: import { createApp, startServer': 'needs a fixtures folder of yours (test/fixtures.test.ts loads one)',
};

type Scope = Record<string, unknown>;
const app = () => regionmock.buildApp().app;

/** Fragments: the names each takes for granted, and what has happened before it. */
const FRAGMENTS: Record<string, () => Promise<Scope>> = {
  "docs/admin-api.md: const { body } = await request(app).get('/__admin/requests?operationId=updatePrimaryRegion');": async () => {
    const served = app();
    await request(served).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    return { app: served, keyId: KEY_ID };
  },
  "docs/admin-api.md: afterEach(() => request(app).post('/__admin/reset'));": async () => ({ app: app() }),
  'docs/error-paths.md: const res = await request(app)': async () => ({ app: app() }),
  'docs/error-paths.md: // one session per Jest worker, against a shared server': async () => {
    const server = await regionmock.startServer({ port: 0 });
    return { url: server.url, path: regionPath(REGION_ID), body: validRegionUpdate(), close: () => server.close() };
  },
  "docs/scenarios.md: await server.apply('bug-1234.json', { session: 'worker-3' }); // a file, a name the mock knows, or the scenario itself": async () => {
    const server = await regionmock.startServer({ port: 0 });
    const was = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), 'regionmock-scenario-')));
    writeFileSync('bug-1234.json', JSON.stringify({ name: 'bug-1234', faults: [{ api: 'kms', operationId: 'updatePrimaryRegion', status: 504 }] }));
    return {
      server,
      // What the snippet did: worker-3's key moves get the scenario's 504.
      close: async () => {
        process.chdir(was);
        const res = await request(server.url).put(primaryRegionPath(KEY_ID)).set('X-Mock-Session', 'worker-3').set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
        await server.close();
        expect(res.status).toBe(504);
      },
    };
  },
};

interface Code {
  key: string;
  lang: string;
  code: string;
}

function blocks(): Code[] {
  return fencedBlocks(['ts', 'js']).map(({ file, lang, code }) => ({ key: `${file}: ${code.split('\n')[0]}`, lang, code }));
}
const place = (b: Code) => Object.keys(ELSEWHERE).find((k) => b.key.startsWith(k)) ?? Object.keys(FRAGMENTS).find((k) => b.key === k);

/** Runs a snippet as a module: its imports resolved, its `test` and hooks collected and run in order. */
async function run(b: Code, scope: Scope): Promise<number> {
  const body = b.code.includes('import ') ? b.code : `module.exports = (async () => {\n${b.code}\n})();`;
  const js = transformSync(body, { loader: b.lang as 'ts' | 'js', format: 'cjs' }).code;
  const tests: Array<() => unknown> = [];
  const before: Array<() => unknown> = [];
  const after: Array<() => unknown> = [];
  const modules: Record<string, unknown> = { regionmock, supertest: request };
  const mod = { exports: {} as unknown };
  const names = Object.keys(scope).filter((n) => n !== 'close');
  const fn = new Function('module', 'exports', 'require', 'test', 'beforeEach', 'afterEach', 'expect', 'request', ...names, js);
  fn(mod, mod.exports, (id: string) => modules[id] ?? require(id), (_: string, t: () => unknown) => tests.push(t), (h: () => unknown) => before.push(h), (h: () => unknown) => after.push(h), expect, request, ...names.map((n) => scope[n]));
  await mod.exports;
  for (const t of tests) {
    for (const h of before) await h();
    await t();
    for (const h of after) await h();
  }
  if (tests.length === 0) for (const h of [...before, ...after]) await h();
  return tests.length + before.length + after.length;
}

describe('the code snippets of the README and the guides', () => {
  it('each runs here or in the test named for it', () => {
    const runsHere = blocks().filter((b) => !place(b) && !b.code.includes('import ')).map((b) => b.key);
    expect(runsHere).toEqual([]);
  });

  it.each(blocks().filter((b) => !Object.keys(ELSEWHERE).some((k) => b.key.startsWith(k))).map((b) => [b.key, b] as const))('%s', async (_key, b) => {
    const scope = (await FRAGMENTS[b.key]?.()) ?? {};
    try {
      await run(b, scope);
    } finally {
      await (scope.close as (() => Promise<void>) | undefined)?.();
    }
  }, 20_000);
});
