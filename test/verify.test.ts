import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../src';
import type { VerifyReport } from '../src/verify/run';
import request from 'supertest';
import { ACCESS_KEYS, KEY_ID, kmsKey, MANAGE_TOKEN, PROJECT, primaryRegionPath } from './helpers';
import { wrongProvider, type Mutation } from './wrong-provider';

const ROOT = join(__dirname, '..');
const NO_KEY = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

let mutate: Mutation = () => undefined;
let mock: RunningServer;
let provider: { url: string; close(): Promise<void> };
let providerUrl: string;
let dir: string;

beforeAll(async () => {
  mock = await startServer({ port: 0 });
  provider = await wrongProvider(() => mock.url, () => mutate);
  providerUrl = provider.url;
  dir = mkdtempSync(join(tmpdir(), 'regionmock-verify-'));
});
afterAll(async () => {
  await provider.close();
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  mutate = () => undefined;
  await mock.reset();
});

const credentials = ['--rainbond-token', MANAGE_TOKEN, '--kms-token', 'kms-dev-token', '--kms-project', PROJECT];
async function verify(target: string, args: string[] = credentials): Promise<{ code: number; stdout: string; stderr: string; report?: VerifyReport }> {
  const json = join(dir, `report-${Math.random().toString(16).slice(2)}.json`);
  const done = await promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'verify', '--target', target, ...args, '--json', json]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
  let report: VerifyReport | undefined;
  try {
    report = JSON.parse(readFileSync(json, 'utf8')) as VerifyReport;
  } catch {
    report = undefined;
  }
  return { ...done, report };
}
const drifts = (report: VerifyReport | undefined) => (report?.results ?? []).flatMap((r) => r.drifts.map((d) => ({ operationId: r.operationId, case: r.case, ...d })));

describe('regionmock verify', () => {
  it('finds no drift in regionmock itself, with a token or with AK/SK, nor behind the test proxy, and changes nothing', async () => {
    const before = structuredClone(mock.sessions.default.store.data);
    const direct = await verify(mock.url, [...credentials, '--allow-writes', '--kms-key', KEY_ID, '--kms-primary', 'cn-north-4']);
    expect(direct.code).toBe(0);
    expect(direct.report?.summary).toEqual({ cases: 13, drifted: 0 });
    expect(direct.stdout).toContain('13 cases, 0 drifted');
    const signed = await verify(mock.url, ['--api', 'kms', '--kms-ak', ACCESS_KEYS.dev.ak, '--kms-sk', ACCESS_KEYS.dev.sk, '--kms-project', PROJECT]);
    expect(signed.code).toBe(0);
    // The proxy the wrong providers below are made with changes nothing by itself.
    const proxied = await verify(providerUrl);
    expect(drifts(proxied.report)).toEqual([]);
    expect(proxied.code).toBe(0);
    expect(mock.sessions.default.store.data).toEqual(before);
  }, 30_000);

  it('writes nothing unless asked: a key whose primary was moved keeps it, and the write cases need --allow-writes', async () => {
    await request(mock.url).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    const reads = await verify(mock.url);
    expect(reads.code).toBe(0);
    expect(reads.report?.results.map((r) => r.operationId)).not.toContain('updatePrimaryRegion');
    expect(reads.report?.results.map((r) => `${r.operationId} ${r.status}`)).not.toContain('updateRegion 200');
    expect(kmsKey(mock.sessions.default, KEY_ID)?.primary_region).toBe('cn-east-3');
    const writes = await verify(mock.url, [...credentials, '--allow-writes', '--kms-key', KEY_ID, '--kms-primary', 'cn-east-3']);
    expect(writes.code).toBe(0);
    expect(writes.report?.results.filter((r) => r.status === 200).map((r) => r.operationId)).toEqual(expect.arrayContaining(['updateRegion', 'updatePrimaryRegion']));
    expect(kmsKey(mock.sessions.default, KEY_ID)?.primary_region).toBe('cn-east-3');
  }, 30_000);

  it.each<[string, Mutation, { operationId: string; pointer: string }]>([
    ['an extra field', (req, a) => {
      if (req.path.endsWith('/describe-key') && a.status === 200) (a.body.key_info as Record<string, unknown>).primary_region = 'cn-north-4';
    }, { operationId: 'describeKey', pointer: '/body/key_info/primary_region' }],
    ['a missing field', (req, a) => {
      if (req.method === 'GET' && req.path === '/openapi/v2/manage/regions') delete a.body.total;
    }, { operationId: 'listRegions', pointer: '/body/total' }],
    ['a wrong type', (req, a) => {
      if (req.path.endsWith('/list-keys')) a.body.total = String(a.body.total);
    }, { operationId: 'listKeys', pointer: '/body/total' }],
    ['a nested gateway error', (_req, a) => {
      if (a.status === 401 && 'error_code' in a.body) a.body = { error: { error_code: a.body.error_code, error_msg: a.body.error_msg } };
    }, { operationId: 'describeKey', pointer: '/body/error_code' }],
    ['no X-Request-Id', (req, a) => {
      if (req.path.endsWith('/regions') && req.path.includes('/kms/')) a.headers['x-request-id'] = '';
    }, { operationId: 'listSupportRegions', pointer: '/headers/x-request-id' }],
    ['a 200 where the document says 404', (req, a) => {
      if (req.path.endsWith('/describe-key') && req.body.includes(NO_KEY)) {
        a.status = 200;
        a.body = { key_info: { key_id: NO_KEY } };
      }
    }, { operationId: 'describeKey', pointer: '/status' }],
  ])('names the drift of a provider with %s, and exits 1', async (_what, mutation, expected) => {
    mutate = mutation;
    const { code, report, stdout } = await verify(providerUrl);
    expect(code).toBe(1);
    expect(drifts(report)).toContainEqual(expect.objectContaining(expected));
    expect(stdout).toContain(`DRIFT ${expected.operationId === 'listRegions' ? 'rainbond' : 'kms'} ${expected.operationId}`);
    expect(stdout).toContain(expected.pointer);
  }, 30_000);

  it('exits 2 when the target cannot be reached, or refuses the credentials', async () => {
    const nowhere = await verify('http://127.0.0.1:9');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/cannot be reached/);
    const refused = await verify(mock.url, ['--api', 'rainbond', '--rainbond-token', 'not-a-token']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused the rainbond credentials/);
  }, 30_000);
});
