import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseJunit } from 'junit2json';
import request from 'supertest';
import { buildApp, startServer, type RunningServer } from '../src';
import type { CoverageReport } from '../src/core/record/coverage';
import { adminDoc, KEY_ID, primaryRegionPath } from './helpers';

const ROOT = join(__dirname, '..');
const FAIL_502_KEY = '00000000-0000-0000-0000-000000000502';
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());
beforeEach(async () => {
  await request(server.url).delete('/__admin/coverage?session=*');
  await server.reset();
});

const move = (keyId: string, region: string, session?: string) => {
  const req = request(server.url).put(primaryRegionPath(keyId)).set('X-Auth-Token', 'kms-dev-token');
  return (session ? req.set('X-Mock-Session', session) : req).send({ key_id: keyId, primary_region: region });
};
const statusOf = (report: CoverageReport, operationId: string, status: number) =>
  report.operations.find((op) => op.operationId === operationId)?.statuses.find((s) => s.status === status);

/** A known run: each way an answer comes about, once. */
async function knownRun(): Promise<void> {
  expect((await move(KEY_ID, 'cn-east-3')).status).toBe(200);
  expect((await move(KEY_ID, 'cn-north-4')).status).toBe(200);
  expect((await move(KEY_ID, 'eu-west-101')).status).toBe(400);
  expect((await move(KEY_ID, 'cn-east-3').set('Prefer', 'code=504')).status).toBe(504);
  expect((await move(FAIL_502_KEY, 'cn-east-3')).status).toBe(502);
  expect((await request(server.url).post('/__admin/faults').send({ api: 'kms', operationId: 'updatePrimaryRegion', status: 500, times: 1 })).status).toBe(201);
  expect((await move(KEY_ID, 'cn-east-3')).status).toBe(500);
}

describe('GET /__admin/coverage', () => {
  it('counts each documented outcome of a known run by the way it came about, and names the rest missing', async () => {
    await knownRun();
    const res = await request(server.url).get('/__admin/coverage');
    adminDoc.expectAnswer('/__admin/coverage', 'get', res, 200);
    const report = res.body as CoverageReport;
    expect(statusOf(report, 'updatePrimaryRegion', 200)).toEqual({ status: 200, count: 2, via: { natural: 2, fixture: 0, prefer: 0, fault: 0, recorded: 0 }, documented: true });
    expect(statusOf(report, 'updatePrimaryRegion', 400)?.via).toEqual({ natural: 1, fixture: 0, prefer: 0, fault: 0, recorded: 0 });
    expect(statusOf(report, 'updatePrimaryRegion', 504)?.via).toEqual({ natural: 0, fixture: 0, prefer: 1, fault: 0, recorded: 0 });
    expect(statusOf(report, 'updatePrimaryRegion', 502)?.via).toEqual({ natural: 0, fixture: 1, prefer: 0, fault: 0, recorded: 0 });
    expect(statusOf(report, 'updatePrimaryRegion', 500)?.via).toEqual({ natural: 0, fixture: 0, prefer: 0, fault: 1, recorded: 0 });
    expect(report.missing).toContainEqual({ api: 'kms', operationId: 'updatePrimaryRegion', status: 403 });
    expect(report.missing).toContainEqual({ api: 'rainbond', operationId: 'updateRegion', status: 200 });
    expect(report.missing).not.toContainEqual(expect.objectContaining({ operationId: 'updatePrimaryRegion', status: 200 }));
    // Every documented pair is either seen or missing, and the summary says how many of each.
    const documented = report.operations.flatMap((op) => op.statuses.filter((s) => s.documented));
    expect(report.summary).toEqual({ documented: documented.length, seen: 5, percent: Math.round((1000 * 5) / documented.length) / 10 });
    expect(report.missing).toHaveLength(documented.length - 5);
    expect(server.coverage()).toEqual(report);
  });

  it('leaves out the mock\'s own answers: a Prefer it cannot honour is not the vendor\'s 400', async () => {
    const misused = await move(KEY_ID, 'cn-east-3').set('Prefer', 'code=299');
    expect(misused.status).toBe(400);
    const report = server.coverage();
    expect(statusOf(report, 'updatePrimaryRegion', 400)?.count).toBe(0);
    expect(report.summary.seen).toBe(0);
  });

  it('never folds away the default session, however many sessions come and go', async () => {
    const small = buildApp({ maxSessions: 2 });
    await request(small.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    for (const name of ['s1', 's2', 's3', 's4']) {
      await request(small.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').set('X-Mock-Session', name).send({ key_id: KEY_ID, primary_region: 'eu-west-101' });
      await request(small.app).post('/__admin/reset').set('X-Mock-Session', name);
    }
    expect(statusOf(small.coverage(), 'updatePrimaryRegion', 200)?.count).toBe(1);
    expect(statusOf(small.coverage('*'), 'updatePrimaryRegion', 400)?.count).toBe(4);
  });

  it('outlives a reset of the session, and is cleared by DELETE', async () => {
    await move(KEY_ID, 'cn-east-3');
    await server.reset();
    expect(statusOf(server.coverage(), 'updatePrimaryRegion', 200)?.count).toBe(1);
    const cleared = await request(server.url).delete('/__admin/coverage');
    adminDoc.expectAnswer('/__admin/coverage', 'delete', cleared, 200);
    expect(server.coverage().summary.seen).toBe(0);
  });

  it('keeps sessions apart, and adds them all up with session=*', async () => {
    await move(KEY_ID, 'cn-east-3', 'suite-a');
    await move(KEY_ID, 'eu-west-101', 'suite-b');
    const a = (await request(server.url).get('/__admin/coverage?session=suite-a')).body as CoverageReport;
    expect(a.summary.seen).toBe(1);
    expect((await request(server.url).get('/__admin/coverage').set('X-Mock-Session', 'suite-b')).body.summary.seen).toBe(1);
    expect(server.coverage().summary.seen).toBe(0);
    const all = (await request(server.url).get('/__admin/coverage?session=*')).body as CoverageReport;
    expect(all.summary.seen).toBe(2);
  });
});

describe('regionmock coverage', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'coverage', ...args]).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'regionmock-coverage-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table, writes JUnit a JUnit reader takes, and passes at or above --min', async () => {
    await knownRun();
    const junit = join(dir, 'coverage.xml');
    const { code, stdout } = await run(['--url', server.url, '--min', '5', '--junit', junit]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^kms +updatePrimaryRegion +200 ×2 +400 ×1 +401 - +403 - +404 - +500 ×1 +502 ×1 +504 ×1$/m);
    const { summary } = server.coverage('*');
    expect(stdout).toContain(`${summary.seen} of ${summary.documented} documented outcomes seen (${summary.percent} %)`);
    const parsed = await parseJunit(readFileSync(junit, 'utf8'));
    expect(parsed).toMatchObject({ tests: summary.documented, failures: summary.documented - summary.seen });
    const cases = (parsed as { testsuite: Array<{ testcase: Array<{ classname: string; name: string; failure?: unknown[] }> }> }).testsuite.flatMap((s) => s.testcase);
    expect(cases).toContainEqual({ classname: 'kms.updatePrimaryRegion', name: 'PUT /v2/{project_id}/kms/keys/{key_id}/update-primary-region answered 200' });
    expect(cases.find((c) => c.classname === 'kms.updatePrimaryRegion' && c.name.endsWith('403'))?.failure).toHaveLength(1);
  });

  it('sends the admin token of a mock that asks for one', async () => {
    const guarded = await startServer({ port: 0, adminToken: 'cov-admin' });
    try {
      expect((await run(['--url', guarded.url])).code).toBe(2);
      expect((await run(['--url', guarded.url, '--admin-token', 'cov-admin'])).code).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  it('exits 1 below --min, and 2 when it cannot read a mock', async () => {
    await knownRun();
    const below = await run(['--url', server.url, '--min', '90']);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/below --min 90 %/);
    const nowhere = await run(['--url', 'http://127.0.0.1:9', '--min', '0']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/cannot read the coverage of http:\/\/127\.0\.0\.1:9/);
  });
});
