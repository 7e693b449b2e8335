import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import request from 'supertest';
import { startServer, type RunningServer } from '../src';
import { CLI, killAll, startCli, type CliProcess } from './cli-process';
import { adminDoc, KEY_ID, PROJECT, REGION_ID, regionPath, validRegionUpdate } from './helpers';
import { wrongProvider, type Mutation } from './wrong-provider';

/**
 * Every value below is a provider's real secret as far as the mock can tell. Each carries
 * MARK, so that one search finds any of them, or any part of a PEM text, wherever it went.
 */
const MARK = 'Zq7REAL';
const pem = (kind: string, body: string) => `-----BEGIN ${kind}-----\nMIIB${MARK}${body}\n-----END ${kind}-----\n`;
const REAL = {
  manageToken: `${MARK}-manage-4c1f9e2d`,
  regionToken: `${MARK}8d2f64a1b9c3e7f0`,
  caCert: pem('CERTIFICATE', 'caQ2hhaW4'),
  certFile: pem('CERTIFICATE', 'certY2xpZW50'),
  keyFile: pem('PRIVATE KEY', 'keyc2VjcmV0'),
  sentToken: `${MARK}-put-token-e5a7`,
  sentKey: pem('PRIVATE KEY', 'sentS0VZ'),
  iamToken: `MIIT${MARK}iam-token-0f3e`,
  ak: 'REALAKQ7000000000009',
  sk: `${MARK}-secret-key-7a9c1e`,
};

let dir: string;
let real: RunningServer;
let provider: { url: string; close(): Promise<void> };
let front: CliProcess;
let url: string;
let mutate: Mutation = () => undefined;

/** The provider's own state holds real secrets: a region's token and PEM texts, an IAM token, an AK/SK pair. */
function realFixtures(): string {
  const fixtures = join(dir, 'fixtures');
  cpSync(join(__dirname, '..', 'fixtures'), fixtures, { recursive: true });
  const edit = (file: string, change: (records: Array<Record<string, unknown>>) => void) => {
    const records = yaml.load(readFileSync(join(fixtures, file), 'utf8')) as Array<Record<string, unknown>>;
    change(records);
    writeFileSync(join(fixtures, file), yaml.dump(records));
  };
  edit('rainbond/regions.yaml', (regions) => Object.assign(regions[0], { token: REAL.regionToken, ssl_ca_cert: REAL.caCert, cert_file: REAL.certFile, key_file: REAL.keyFile }));
  edit('kms/tokens.yaml', (tokens) => tokens.push({ token: REAL.iamToken, project_id: PROJECT, status: 'valid' }));
  edit('kms/access-keys.yaml', (keys) => keys.push({ ak: REAL.ak, sk: REAL.sk, token: REAL.iamToken }));
  return fixtures;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regionmock-secrets-'));
  real = await startServer({ port: 0, fixturesDir: realFixtures(), rainbondManageToken: REAL.manageToken });
  provider = await wrongProvider(() => real.url, () => mutate);
  front = startCli(['--port', '0', '--proxy', provider.url]);
  url = await front.listening;
}, 30_000);
afterAll(async () => {
  killAll();
  await provider.close();
  await real.close();
  rmSync(dir, { recursive: true, force: true });
});

const rainbond = (method: 'get' | 'put', path: string) => request(url)[method](path).set('Authorization', REAL.manageToken);
const describeKey = () => request(url).post(`/v1.0/${PROJECT}/kms/describe-key`).set('X-Auth-Token', REAL.iamToken).send({ key_id: KEY_ID });

async function runVerify(args: string[]): Promise<string> {
  const json = join(dir, `verify-${Math.random().toString(16).slice(2)}.json`);
  const junit = `${json}.xml`;
  const done = await promisify(execFile)(process.execPath, [CLI, 'verify', ...args, '--json', json, '--junit', junit]).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`,
    (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`,
  );
  return [done, readFileSync(json, 'utf8'), readFileSync(junit, 'utf8')].join('\n');
}

/** Every admin answer the journal gives: its pages one entry at a time, its filters, its counts, each checked against the admin document. */
async function journalAnswers(): Promise<string[]> {
  const texts: string[] = [];
  let cursor: string | null = '0';
  let pages = 0;
  while (cursor !== null) {
    const page = await request(url).get(`/__admin/requests?limit=1&cursor=${cursor}`);
    adminDoc.expectAnswer('/__admin/requests', 'get', page, 200);
    texts.push(page.text);
    cursor = page.body.next as string | null;
    pages += 1;
  }
  expect(pages).toBeGreaterThan(10);
  for (const filter of ['api=rainbond', 'api=kms', 'violations=true', 'violations=false', 'method=PUT', 'operationId=updateRegion', 'status=200', 'status=400']) {
    const found = await request(url).get(`/__admin/requests?${filter}`);
    adminDoc.expectAnswer('/__admin/requests', 'get', found, 200);
    texts.push(found.text, (await request(url).get(`/__admin/requests/count?${filter}`)).text);
  }
  return texts;
}

/** The console's page and script, and every admin answer its script reads. */
async function consoleAnswers(): Promise<string[]> {
  const paths = ['/__console/', '/__console/console.js', '/__admin/requests?limit=1000&cursor=0', '/__admin/faults?limit=1000', '/__admin/state', '/__admin/coverage'];
  return Promise.all(paths.map(async (path) => (await request(url).get(path)).text));
}

describe('with --proxy to a provider holding real secrets', () => {
  it('passes them to the client as they came, and shows them nowhere: journal, console, state, log lines, verify, error messages', async () => {
    // A provider's answers carry its secrets; the client gets them unchanged.
    const region = await rainbond('get', regionPath(REGION_ID));
    expect(region.body).toMatchObject({ token: REAL.regionToken, key_file: REAL.keyFile, cert_file: REAL.certFile, ssl_ca_cert: REAL.caCert });
    const list = await rainbond('get', '/openapi/v2/manage/regions');
    expect(JSON.stringify(list.body)).toContain(REAL.keyFile.split('\n')[1]);
    // A provider that answers what its document does not say (a token in the list, an IAM token in KMS's answer).
    mutate = (req, answer) => {
      if (req.path.endsWith('/manage/regions')) (answer.body.data as Array<Record<string, unknown>>).forEach((r) => (r.token = REAL.regionToken));
      if (req.path.endsWith('/describe-key')) answer.body.token = REAL.iamToken;
    };
    expect(JSON.stringify((await rainbond('get', '/openapi/v2/manage/regions')).body)).toContain(REAL.regionToken);
    expect((await describeKey()).body.token).toBe(REAL.iamToken);
    mutate = () => undefined;

    // Requests carrying secrets: JSON (answered with the key stored), form-encoded, multipart,
    // malformed JSON, and a token the document refuses (its violation is journaled).
    const put = await rainbond('put', regionPath(REGION_ID)).send({ ...validRegionUpdate(), token: REAL.sentToken, key_file: REAL.sentKey });
    expect(put.status).toBe(200);
    expect(put.body.key_file).toContain(`${MARK}sent`);
    await rainbond('put', regionPath(REGION_ID)).type('form').send({ ...validRegionUpdate(), token: REAL.sentToken, cert_file: REAL.certFile });
    await rainbond('put', regionPath(REGION_ID)).field({ ...validRegionUpdate(), token: REAL.sentToken, key_file: REAL.sentKey });
    await rainbond('put', regionPath(REGION_ID)).set('Content-Type', 'application/json').send(`{"token": "${REAL.sentToken}", "key_file": "${REAL.sentKey.replace(/\n/g, '\\n')}", "status": NaN,`);
    const refused = await rainbond('put', regionPath(REGION_ID)).send({ ...validRegionUpdate(), token: `${REAL.sentToken}${'x'.repeat(300)}` });
    expect(refused.status).toBe(400);
    await describeKey();

    // verify, through the mock (its calls are journaled too), and with AK/SK against the provider's own service.
    const verified = [
      await runVerify(['--target', url, '--rainbond-token', REAL.manageToken, '--kms-token', REAL.iamToken, '--kms-project', PROJECT, '--allow-writes']),
      await runVerify(['--target', real.url, '--api', 'kms', '--kms-ak', REAL.ak, '--kms-sk', REAL.sk, '--kms-project', PROJECT]),
    ];
    expect(verified.join('\n')).toMatch(/\d+ cases, \d+ drifted/);

    const journal = await journalAnswers();
    // The journal still has every call, with the secrets' places masked and their types kept.
    const entries = (await request(url).get('/__admin/requests?limit=1000')).body.requests as Array<Record<string, unknown>>;
    const getRegion = entries.find((e) => e.operationId === 'getRegion');
    expect(getRegion?.responseBody).toMatchObject({ token: '***', key_file: '***', cert_file: '***', ssl_ca_cert: '***', region_id: REGION_ID });
    const sent = entries.find((e) => e.method === 'PUT' && (e.body as Record<string, unknown>)?.token !== undefined);
    expect(sent?.body).toMatchObject({ token: '***', key_file: '***', region_alias: validRegionUpdate().region_alias });
    expect(entries.some((e) => (e.violations as unknown[]).length > 0)).toBe(true);
    const shown = await consoleAnswers();
    const state = (await request(url).get('/__admin/state')).text;

    await front.stop();
    const places = { journal, console: shown, logLines: [front.output()], verify: verified };
    for (const [place, texts] of Object.entries(places)) {
      for (const text of texts) expect({ place, leaked: text.includes(MARK) }).toEqual({ place, leaked: false });
    }
    // The state is the mock's own: proxied calls never reach it, and its fixtures' fake secrets stay visible to QA.
    expect(state).not.toContain(MARK);
    expect(state).toContain('kms-dev-token');
    expect(state).toContain('8f14e45fceea167a5a36dedd4bea2543');
  }, 60_000);
});
