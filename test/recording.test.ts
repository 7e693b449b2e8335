import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../src';
import { KEY_ID, MANAGE_TOKEN, PROJECT, primaryRegionPath, regionPath, validRegionUpdate } from './helpers';
import { wrongProvider, type Mutation } from './wrong-provider';

const EDGE = '3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d';
/** Real-looking secrets the provider holds, and one a client sends: none may reach a file. */
const SECRETS = {
  token: 'c0ffee7e57a1e4b2b3d4real-region-token',
  ca: '-----BEGIN CERTIFICATE-----\nMIIRealCaCertificateZZ9x\n-----END CERTIFICATE-----\n',
  cert: '-----BEGIN CERTIFICATE-----\nMIIRealClientCertYY8w\n-----END CERTIFICATE-----\n',
  key: '-----BEGIN PRIVATE KEY-----\nMIIRealPrivateKeyXX7v\n-----END PRIVATE KEY-----\n',
  sent: 'f00dfacec1i3ntsent-token-in-a-put',
};

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
const rainbond = (method: string, path: string, body?: object): Call => ({ method, path, headers: { Authorization: MANAGE_TOKEN, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
const kms = (method: string, path: string, body?: object): Call => ({ method, path, headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });

/** Calls whose answers carry no secret: replayed byte for byte. */
const PLAIN: Call[] = [
  rainbond('GET', regionPath('febc993cefe84d158b3ac245d7aa0943')),
  rainbond('GET', '/openapi/v2/manage/regions?current=1&pageSize=1'),
  rainbond('GET', regionPath('no-such-region')),
  kms('PUT', primaryRegionPath(KEY_ID), { key_id: KEY_ID, primary_region: 'cn-east-3' }),
  kms('PUT', primaryRegionPath(KEY_ID), { key_id: KEY_ID, primary_region: 'not-a-region' }),
  kms('POST', `/v1.0/${PROJECT}/kms/describe-key`, { key_id: KEY_ID }),
  kms('GET', `/v2/${PROJECT}/kms/regions`),
  // Credentials are not part of a match: this call differs from the ones above by more than its token.
  { ...kms('POST', `/v1.0/${PROJECT}/kms/list-keys`, { limit: '5' }), headers: { 'X-Auth-Token': 'no-such-token', 'Content-Type': 'application/json' } },
];
const send = (url: string, c: Call) => fetch(`${url}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
/** What a client sees of an answer, but for the request id, which every call gets afresh. */
async function seen(res: Response) {
  const headers = Object.fromEntries([...res.headers].filter(([name]) => ['content-type', 'allow', 'vary', 'www-authenticate'].includes(name)));
  return { status: res.status, headers, body: (await res.text()).replace(/"request_id":"[0-9a-f]{32}"/, '"request_id":"-"') };
}
const files = (dir: string) => readdirSync(dir).map((f) => join(dir, f));

let provider: RunningServer;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regionmock-record-'));
  provider = await startServer({ port: 0 });
  const state = await (await fetch(`${provider.url}/__admin/state`)).json();
  const edge = state.rainbond.regions.find((r: { region_id: string }) => r.region_id === EDGE);
  Object.assign(edge, { token: SECRETS.token, ssl_ca_cert: SECRETS.ca, cert_file: SECRETS.cert, key_file: SECRETS.key });
  expect((await fetch(`${provider.url}/__admin/state`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(state) })).status).toBe(200);
});
afterEach(async () => {
  await provider.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('regionmock --proxy URL --record DIR', () => {
  it('records the provider, and replays its answers offline byte for byte; secrets reach no file', async () => {
    const proxy = await startServer({ port: 0, proxy: provider.url, record: dir });
    const live = [];
    try {
      for (const c of [...PLAIN, ...PLAIN]) live.push(await seen(await send(proxy.url, c)));
      const secret = await send(proxy.url, rainbond('GET', regionPath(EDGE)));
      expect(await secret.text()).toContain(SECRETS.token);
      const put = await send(proxy.url, rainbond('PUT', regionPath(EDGE), { ...validRegionUpdate(), token: SECRETS.sent }));
      expect(put.status).toBe(200);
    } finally {
      await proxy.close();
      await provider.close();
    }

    const recording = JSON.parse(readFileSync(join(dir, 'recording-default.json'), 'utf8'));
    // The same exchange twice is written once; the PUT changed the region, so its GET's answer differs from before.
    expect(recording.recorded).toHaveLength(PLAIN.length + 2);
    const gateway = recording.recorded.find((r: { status: number }) => r.status === 401);
    expect(JSON.parse(gateway.body).request_id).toBe('0'.repeat(32));
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const value of [...Object.values(SECRETS), 'kms-dev-token', MANAGE_TOKEN]) expect(text).not.toContain(value.split('\n')[1] ?? value);
    }

    const offline = await startServer({ port: 0, scenario: join(dir, 'recording-default.json') });
    try {
      const replayed = [];
      for (const c of [...PLAIN, ...PLAIN]) replayed.push(await seen(await send(offline.url, c)));
      expect(replayed).toEqual(live);
      // The gateway's error repeats the call's request id in its body: a replay gives it this call's own.
      const refused = await send(offline.url, PLAIN[PLAIN.length - 1]);
      expect(refused.status).toBe(401);
      const id = refused.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect((await refused.json()).request_id).toBe(id);
      const masked = await (await send(offline.url, rainbond('GET', regionPath(EDGE)))).json();
      expect(masked).toMatchObject({ region_id: EDGE, token: '***', ssl_ca_cert: '***', cert_file: '***', key_file: '***' });
      const journal = offline.requests();
      expect(journal.every((e) => e.forced === 'recorded')).toBe(true);
      const report = offline.coverage();
      const describeKey = report.operations.find((o) => o.operationId === 'describeKey')?.statuses.find((s) => s.status === 200);
      expect(describeKey?.via.recorded).toBe(2);
      // A call nobody recorded is answered as usual, from the fixtures.
      expect((await send(offline.url, kms('POST', `/v1.0/${PROJECT}/kms/list-keys`, { limit: '2' }))).status).toBe(200);
      expect(offline.requests().at(-1)?.forced).toBeNull();
    } finally {
      await offline.close();
    }
  });

  it('keeps a session per file, and an answer its document refuses apart, never replayed', async () => {
    let mutation: Mutation = () => undefined;
    const wrong = await wrongProvider(() => provider.url, () => mutation);
    const proxy = await startServer({ port: 0, proxy: wrong.url, record: dir });
    try {
      mutation = (req, answer) => {
        if (req.path.includes('describe-key')) delete answer.body.key_info;
      };
      const describe = kms('POST', `/v1.0/${PROJECT}/kms/describe-key`, { key_id: KEY_ID });
      expect((await send(proxy.url, { ...describe, headers: { ...describe.headers, 'X-Mock-Session': 'qa-7' } })).status).toBe(200);
      expect((await send(proxy.url, { ...PLAIN[0], headers: { ...PLAIN[0].headers, 'X-Mock-Session': 'qa-7' } })).status).toBe(200);
    } finally {
      await proxy.close();
      await wrong.close();
    }
    expect(readdirSync(dir).sort()).toEqual(['recording-qa-7.json', 'recording-qa-7.violations.json']);
    const kept = JSON.parse(readFileSync(join(dir, 'recording-qa-7.json'), 'utf8'));
    expect(kept.recorded.map((r: { operationId: string }) => r.operationId)).toEqual(['getRegion']);
    const refused = JSON.parse(readFileSync(join(dir, 'recording-qa-7.violations.json'), 'utf8'));
    expect(refused.answers).toEqual([expect.objectContaining({ answer: expect.objectContaining({ operationId: 'describeKey' }), violations: [expect.objectContaining({ in: 'response', pointer: '/body/key_info' })] })]);
  });

  it('adds to the recording an earlier run left, each exchange still once', async () => {
    for (const calls of [PLAIN.slice(0, 2), PLAIN.slice(1, 3)]) {
      const proxy = await startServer({ port: 0, proxy: provider.url, record: dir });
      try {
        for (const c of calls) expect((await send(proxy.url, c)).status).toBeLessThan(500);
      } finally {
        await proxy.close();
      }
    }
    const recording = JSON.parse(readFileSync(join(dir, 'recording-default.json'), 'utf8'));
    expect(recording.recorded.map((r: { status: number; params: Record<string, string> }) => [r.status, r.params.region_id ?? null])).toEqual([
      [200, 'febc993cefe84d158b3ac245d7aa0943'],
      [200, null],
      [404, 'no-such-region'],
    ]);
  });

  it('keeps few sessions in memory: one let go is read back from its file, each exchange still once', async () => {
    const proxy = await startServer({ port: 0, proxy: provider.url, record: dir, maxSessions: 1 });
    try {
      for (const [session, calls] of [['a', PLAIN.slice(0, 2)], ['b', PLAIN.slice(0, 2)], ['c', PLAIN.slice(0, 2)], ['a', PLAIN.slice(1, 3)], ['b', PLAIN.slice(1, 3)]] as const) {
        for (const c of calls) expect((await send(proxy.url, { ...c, headers: { ...c.headers, 'X-Mock-Session': session } })).status).toBeLessThan(500);
        // A session reset holds nothing, so the next name may take its place (--max-sessions 1).
        expect((await fetch(`${proxy.url}/__admin/reset`, { method: 'POST', headers: { 'X-Mock-Session': session } })).status).toBe(200);
      }
    } finally {
      await proxy.close();
    }
    // a and b were let go while c recorded; what they recorded before is read back and added to.
    const count = (session: string) => JSON.parse(readFileSync(join(dir, `recording-${session}.json`), 'utf8')).recorded.length;
    expect([count('a'), count('b'), count('c')]).toEqual([3, 3, 2]);
  });

  it('needs a provider, and a folder it can write', async () => {
    await expect(startServer({ port: 0, record: dir })).rejects.toThrow(/--proxy/);
    await expect(startServer({ port: 0, proxy: provider.url, record: '/proc/regionmock-cannot-write' })).rejects.toThrow(/Bad recording folder/);
    writeFileSync(join(dir, 'a-file'), '');
    await expect(startServer({ port: 0, proxy: provider.url, record: join(dir, 'a-file', 'recordings') })).rejects.toThrow(/Bad recording folder .*ENOTDIR/);
  });
});
