import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createApp, buildApp } from '../src';

const BUILT_IN = join(__dirname, '..', 'fixtures');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'regionmock-fixtures-'));
  cpSync(BUILT_IN, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rewrites one fixture file of the copy through `change`. */
function edit(file: string, change: (records: Array<Record<string, unknown>>) => void) {
  const path = join(dir, file);
  const records = parse(readFileSync(path, 'utf8')) as Array<Record<string, unknown>>;
  change(records);
  writeFileSync(path, stringify(records));
}

describe('fixtures', () => {
  it('seeds the state from the built-in YAML files', () => {
    const { store } = buildApp();
    const regions = store.data.rainbond.regions as Array<{ region_id: string }>;
    const keys = store.data.kms.keys as Array<{ key_id: string }>;
    expect(regions.map((r) => r.region_id)).toEqual(expect.arrayContaining(['febc993cefe84d158b3ac245d7aa0943', 'fail-500', 'fail-502', 'fail-504']));
    expect(keys.map((k) => k.key_id)).toEqual(expect.arrayContaining(['0d0466b0-e727-4d9c-b35d-f84bb474a37f', '00000000-0000-0000-0000-000000000500']));
    expect(store.data.kms.tokens).toHaveLength(7);
    expect(store.data.kms.regions.length).toBeGreaterThan(10);
  });

  it('stops start-up on a record its schema refuses, naming the file, the record and the field', () => {
    edit('rainbond/regions.yaml', (records) => {
      records[1].status = '7';
    });
    expect(() => createApp({ fixturesDir: dir })).toThrow(
      /rainbond\/regions\.yaml, record 2 \(region_id "3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d"\): field \/status must be equal to one of the allowed values/,
    );
  });

  it('names a missing field', () => {
    edit('kms/keys.yaml', (records) => {
      delete records[0].primary_region;
    });
    expect(() => createApp({ fixturesDir: dir })).toThrow(/kms\/keys\.yaml, record 1 \(key_id "0d0466b0-e727-4d9c-b35d-f84bb474a37f"\): .*primary_region/);
  });

  it('refuses a field no schema of the record knows', () => {
    edit('rainbond/regions.yaml', (records) => {
      records[0].colour = 'blue';
    });
    expect(() => createApp({ fixturesDir: dir })).toThrow(/regions\.yaml, record 1 .*field colour is in none of the schemas v2_RegionInfoSerializer, RegionResources/);
    cpSync(BUILT_IN, dir, { recursive: true });
    edit('kms/keys.yaml', (records) => {
      records[0].primary_regoin = 'cn-east-3';
    });
    expect(() => createApp({ fixturesDir: dir })).toThrow(/keys\.yaml, record 1 .*field primary_regoin is in none of the schemas/);
  });

  it('refuses two records with the same id', () => {
    edit('kms/keys.yaml', (records) => {
      records[1].key_id = records[0].key_id;
    });
    expect(() => createApp({ fixturesDir: dir })).toThrow(/keys\.yaml, record 2 .*field key_id repeats an earlier record/);
  });

  it('refuses an x-mock-status the document does not list', () => {
    edit('rainbond/regions.yaml', (records) => {
      records[0]['x-mock-status'] = 418;
    });
    expect(() => createApp({ fixturesDir: dir })).toThrow(/regions\.yaml, record 1 .*x-mock-status/);
  });

  it('names a file that is not valid YAML or not a list', () => {
    writeFileSync(join(dir, 'kms/tokens.yaml'), 'token: [unclosed');
    expect(() => createApp({ fixturesDir: dir })).toThrow(/kms\/tokens\.yaml/);
    writeFileSync(join(dir, 'kms/tokens.yaml'), 'token: kms-dev-token\n');
    expect(() => createApp({ fixturesDir: dir })).toThrow(/kms\/tokens\.yaml, the collection: must be a list of records/);
  });

  it('names a missing file', () => {
    rmSync(join(dir, 'rainbond/tokens.yaml'));
    expect(() => createApp({ fixturesDir: dir })).toThrow(/rainbond\/tokens\.yaml/);
  });
});
