import fc from 'fast-check';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, startServer, type RunningServer } from '../src';
import type { KeyRecord } from '../src/apis/kms/types';
import type { Region } from '../src/apis/rainbond/types';
import { readDataState } from '../src/core/state/change-log';
import { DataFile } from '../src/core/state/data-file';
import { KEY_ID, MANAGE_TOKEN, primaryRegionPath, regionPath, validRegionUpdate } from './helpers';
import { pipeline, type RawRequest } from './raw-http';

/** Raise PROPERTY_RUNS for a longer hunt. */
const RUNS = Math.max(1, Math.round(Number(process.env.PROPERTY_RUNS ?? 250) / 6));
const REGIONS = ['febc993cefe84d158b3ac245d7aa0943', '3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d', '8b1e6c0d2f4a4e9b9c7d5a3f1e0b2c4d'];
const KEY_REGIONS = ['cn-north-4', 'cn-east-3', 'ap-southeast-1'];

/** A write a client sends; some of them the service refuses, whatever the disk does. */
type Write =
  | { kind: 'create'; name: string }
  | { kind: 'update'; region: number; alias: string; valid: boolean }
  | { kind: 'delete'; region: number }
  | { kind: 'primary'; to: string };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom('p-one', 'p-two', 'p-three', 'rainbond') }),
  fc.record({ kind: fc.constant('update' as const), region: fc.nat(2), alias: fc.stringMatching(/^[a-z]{1,8}$/), valid: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), region: fc.nat(2) }),
  fc.record({ kind: fc.constant('primary' as const), to: fc.constantFrom(...KEY_REGIONS, 'eu-west-0') }),
);

const json = { 'Content-Type': 'application/json' };
function wireFor(w: Write): RawRequest {
  const rainbond = { ...json, Authorization: MANAGE_TOKEN };
  switch (w.kind) {
    case 'create':
      return { method: 'POST', path: '/openapi/v2/manage/regions', headers: rainbond, body: JSON.stringify({ ...validRegionUpdate(), region_name: w.name }) };
    case 'update': {
      const body = { ...validRegionUpdate(), region_alias: w.alias, status: w.valid ? '1' : '9' };
      return { method: 'PUT', path: regionPath(REGIONS[w.region]), headers: rainbond, body: JSON.stringify(body) };
    }
    case 'delete':
      return { method: 'DELETE', path: regionPath(REGIONS[w.region]), headers: { Authorization: MANAGE_TOKEN } };
    case 'primary':
      return { method: 'PUT', path: primaryRegionPath(KEY_ID), headers: { ...json, 'X-Auth-Token': 'kms-dev-token' }, body: JSON.stringify({ key_id: KEY_ID, primary_region: w.to }) };
  }
}

/** What the client may believe of the state: the fields its writes set. */
interface Model {
  regions: Map<string, string>;
  names: Set<string>;
  /** The names of the regions a write may delete. */
  nameOf: Map<string, string>;
  primary: string;
}

/** What a write does to the model when acknowledged, or why the service refuses it; a write that changes nothing is not written. */
function effect(model: Model, w: Write): { refused: number } | { apply: () => void; writes: boolean } {
  switch (w.kind) {
    case 'create':
      if (model.names.has(w.name)) return { refused: 400 };
      return { writes: true, apply: () => void model.names.add(w.name) };
    case 'update':
      // The console checks the body before it looks the region up.
      if (!w.valid) return { refused: 400 };
      if (!model.regions.has(REGIONS[w.region])) return { refused: 404 };
      return { writes: true, apply: () => void model.regions.set(REGIONS[w.region], w.alias) };
    case 'delete':
      if (!model.regions.has(REGIONS[w.region])) return { refused: 404 };
      return {
        writes: true,
        apply: () => {
          model.regions.delete(REGIONS[w.region]);
          model.names.delete(model.nameOf.get(REGIONS[w.region]) as string);
        },
      };
    case 'primary':
      if (!KEY_REGIONS.includes(w.to)) return { refused: 400 };
      return { writes: w.to !== model.primary, apply: () => void (model.primary = w.to) };
  }
}

/**
 * The built-in fixtures with `extra` generated regions beside them, in a folder of their own
 * (JSON is YAML): a large state, where a write must still touch only what it changes.
 */
function largeFixtures(extra: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'regionmock-large-'));
  cpSync(join(__dirname, '..', 'fixtures'), dir, { recursive: true });
  const regions = buildApp().store.data.rainbond.regions as Region[];
  const first = regions[0];
  const generated = Array.from({ length: extra }, (_, i) => ({ ...first, region_id: `gen${String(i).padStart(29, '0')}`, region_name: `gen-${i}`, region_alias: `生成${i}` }));
  writeFileSync(join(dir, 'rainbond', 'regions.yaml'), JSON.stringify([...regions, ...generated]));
  return dir;
}

describe.each([
  ['the built-in fixtures', 0, RUNS],
  ['10,010 regions', 10_000, Math.max(1, Math.round(RUNS / 4))],
])('with %s: writes pipelined on one connection, some refused and some failing to reach the disk', (_name, extra, runs) => {
  let dir: string;
  let file: string;
  let fixtures: string | undefined;
  let server: RunningServer;
  /** Whether each write the mock makes to its data file from now on fails (in order). */
  let failures: boolean[] = [];
  let spy: jest.SpyInstance;
  let errors: jest.SpyInstance;

  beforeAll(async () => {
    // Each failed write is logged as the mock's own failure; the answers are what is checked here.
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'regionmock-prop-'));
    file = join(dir, 'state.json');
    fixtures = extra > 0 ? largeFixtures(extra) : undefined;
    server = await startServer({ port: 0, dataFile: file, ...(fixtures ? { fixturesDir: fixtures } : {}) });
    const real = DataFile.prototype.write;
    spy = jest.spyOn(DataFile.prototype, 'write').mockImplementation(function (this: DataFile<unknown>, data) {
      return failures.shift() ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : real.call(this, data);
    });
  });
  afterAll(async () => {
    spy.mockRestore();
    errors.mockRestore();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  it('end in the acknowledged writes applied in order, with a data file the mock starts on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), async (writes, schedule) => {
        failures = [];
        expect((await fetch(`${server.url}/__admin/reset`, { method: 'POST' })).status).toBe(200);
        const before = (await (await fetch(`${server.url}/__admin/state`)).json()) as { rainbond: { regions: Region[] }; kms: { keys: KeyRecord[] } };
        const model: Model = {
          regions: new Map(before.rainbond.regions.filter((r) => REGIONS.includes(r.region_id)).map((r) => [r.region_id, r.region_alias])),
          names: new Set(before.rainbond.regions.map((r) => r.region_name)),
          nameOf: new Map(before.rainbond.regions.map((r) => [r.region_id, r.region_name])),
          primary: before.kms.keys.find((k) => k.key_id === KEY_ID)!.primary_region,
        };
        failures = [...schedule];
        const pending = [...schedule];
        const answers = await pipeline(server.port, writes.map(wireFor));

        writes.forEach((w, i) => {
          const outcome = effect(model, w);
          if ('refused' in outcome) return expect(answers[i].status).toBe(outcome.refused);
          const fails = outcome.writes && (pending.shift() ?? false);
          if (fails) return expect(answers[i].status).toBe(500);
          expect(answers[i].status).toBeLessThan(300);
          outcome.apply();
        });

        const after = (await (await fetch(`${server.url}/__admin/state`)).json()) as typeof before;
        const held = new Map(after.rainbond.regions.filter((r) => REGIONS.includes(r.region_id)).map((r) => [r.region_id, r.region_alias]));
        expect(held).toEqual(model.regions);
        expect(new Set(after.rainbond.regions.map((r) => r.region_name))).toEqual(model.names);
        expect(after.kms.keys.find((k) => k.key_id === KEY_ID)!.primary_region).toBe(model.primary);
        // The reset wrote the fixtures, so the file exists whatever failed since.
        expect(existsSync(file)).toBe(true);
        failures = [];
        // FILE alone is the state while it is small; a large one is FILE and the change log beside it (docs/guarantees.md).
        expect(extra > 0 ? readDataState(file) : JSON.parse(readFileSync(file, 'utf8'))).toEqual(after);
        expect(buildApp({ dataFile: file, ...(fixtures ? { fixturesDir: fixtures } : {}) }).store.data).toEqual(after);
      }),
      { numRuns: runs },
    );
  }, 120_000);
});
