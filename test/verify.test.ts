import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../src';
import type { VerifyReport } from '../src/verify/run';
import { ACCESS_KEYS, MANAGE_TOKEN, PROJECT } from './helpers';

const ROOT = join(__dirname, '..');
const NO_KEY = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** A provider made wrong on purpose: the mock behind a proxy that changes what one kind of answer says. */
type Mutation = (req: { method: string; path: string; body: string }, answer: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) => void;
let mutate: Mutation = () => undefined;

let mock: RunningServer;
let provider: Server;
let providerUrl: string;
let dir: string;

const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => resolve(Buffer.concat(parts).toString()));
});

beforeAll(async () => {
  mock = await startServer({ port: 0 });
  provider = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
    const upstream = await fetch(`${mock.url}${req.url}`, { method: req.method, headers, body: body || undefined });
    // Every header of the answer passes, but those of the connection and the length (the body may change).
    const passed = [...upstream.headers].filter(([name]) => !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name));
    const answer = { status: upstream.status, headers: Object.fromEntries(passed), body: (await upstream.json()) as Record<string, unknown> };
    mutate({ method: req.method ?? 'GET', path: req.url ?? '/', body }, answer);
    res.writeHead(answer.status, Object.fromEntries(Object.entries(answer.headers).filter(([, v]) => v !== '')));
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'regionmock-verify-'));
});
afterAll(async () => {
  await new Promise((resolve) => provider.close(resolve));
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
    const direct = await verify(mock.url);
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
