import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildApp } from '../src';
import { freePort, killAll, startCli, startProcess } from './cli-process';
import { KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'regionmock-cli-'));
});
afterEach(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

const put = (url: string, path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${url}${path}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const updateRegion = (url: string, alias = '北京集群') => put(url, regionPath(REGION_ID), { ...validRegionUpdate(), region_alias: alias }, { Authorization: MANAGE_TOKEN });
const getRegion = async (url: string) =>
  (await (await fetch(`${url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN } })).json()) as { region_alias: string };

/** A copy of the built-in fixtures with the main region renamed, to tell them apart. */
function ownFixtures(): string {
  const fixtures = join(dir, 'fixtures');
  cpSync(join(__dirname, '..', 'fixtures'), fixtures, { recursive: true });
  const file = join(fixtures, 'rainbond', 'regions.yaml');
  const regions = parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
  regions[0].region_alias = 'from my fixtures';
  writeFileSync(file, stringify(regions));
  return fixtures;
}

interface FlagCase {
  flag: string;
  args: (port: number) => string[];
  env: (port: number) => Record<string, string>;
  check: (url: string, port: number) => Promise<void>;
}

const CASES: FlagCase[] = [
  {
    flag: '--port',
    args: (p) => ['--port', String(p)],
    env: (p) => ({ PORT: String(p) }),
    check: async (url, p) => expect(url).toBe(`http://127.0.0.1:${p}`),
  },
  {
    flag: '--host',
    args: (p) => ['--port', String(p), '--host', '0.0.0.0'],
    env: (p) => ({ PORT: String(p), HOST: '0.0.0.0' }),
    check: async (url, p) => {
      expect(url).toBe(`http://0.0.0.0:${p}`);
      expect((await fetch(`http://127.0.0.1:${p}/__admin/health`)).status).toBe(200);
    },
  },
  {
    flag: '--fixtures',
    args: (p) => ['--port', String(p), '--fixtures', ownFixtures()],
    env: (p) => ({ PORT: String(p), FIXTURES_DIR: ownFixtures() }),
    check: async (url) => expect((await getRegion(url)).region_alias).toBe('from my fixtures'),
  },
  {
    flag: '--latency',
    args: (p) => ['--port', String(p), '--latency', '200-200'],
    env: (p) => ({ PORT: String(p), MOCK_LATENCY_MS: '200-200' }),
    check: async (url) => {
      const started = Date.now();
      expect((await updateRegion(url)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    },
  },
  {
    flag: '--no-validate-responses',
    args: (p) => ['--port', String(p), '--no-validate-responses'],
    env: (p) => ({ PORT: String(p), VALIDATE_RESPONSES: 'false' }),
    check: async (url) => expect(await (await fetch(`${url}/__admin/health`)).json()).toMatchObject({ validateResponses: false }),
  },
  {
    flag: '--body-limit',
    args: (p) => ['--port', String(p), '--body-limit', '100'],
    env: (p) => ({ PORT: String(p), BODY_LIMIT: '100' }),
    check: async (url) => {
      const res = await put(url, primaryRegionPath(KEY_ID), { key_id: KEY_ID, primary_region: 'cn-east-3', pad: 'x'.repeat(100) }, { 'X-Auth-Token': 'kms-dev-token' });
      expect(await res.json()).toEqual({ error: { error_code: 'KMS.0203', error_msg: 'Request message too long.' } });
    },
  },
  {
    flag: '--journal-limit',
    args: (p) => ['--port', String(p), '--journal-limit', '2'],
    env: (p) => ({ PORT: String(p), JOURNAL_LIMIT: '2' }),
    check: async (url) => {
      for (let i = 0; i < 3; i += 1) await updateRegion(url);
      expect(((await (await fetch(`${url}/__admin/requests`)).json()) as { requests: unknown[] }).requests).toHaveLength(2);
    },
  },
];

describe.each(CASES.map((c) => [c.flag, c] as const))('%s', (_flag, c) => {
  it('works as a flag', async () => {
    const port = await freePort();
    const cli = startCli(c.args(port));
    await c.check(await cli.listening, port);
  });

  it('works as its environment variable', async () => {
    const port = await freePort();
    const cli = startCli([], c.env(port));
    await c.check(await cli.listening, port);
  });
});

describe('--data and DATA_FILE', () => {
  it.each([
    ['the flag', (file: string) => ({ args: ['--port', '0', '--data', file], env: {} })],
    ['the variable', (file: string) => ({ args: ['--port', '0'], env: { DATA_FILE: file } })],
  ])('keep the default session\'s state across a restart (%s)', async (_how, how) => {
    const file = join(dir, 'state.json');
    const first = startCli(how(file).args, how(file).env);
    expect((await updateRegion(await first.listening, 'survives restarts')).status).toBe(200);
    expect((await first.stop()).code).toBe(0);
    const second = startCli(how(file).args, how(file).env);
    expect((await getRegion(await second.listening)).region_alias).toBe('survives restarts');
  });

  it('is written whole, as JSON the state can be read back from', async () => {
    const file = join(dir, 'state.json');
    const cli = startCli(['--port', '0', '--data', file]);
    await updateRegion(await cli.listening, 'on disk');
    await cli.stop();
    const state = JSON.parse(readFileSync(file, 'utf8')) as { rainbond: { regions: Array<{ region_alias: string }> } };
    expect(state.rainbond.regions[0].region_alias).toBe('on disk');
  });

  it('refuses a data file that breaks the documents, naming it', async () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ rainbond: { regions: [{ region_id: 'x' }], tokens: [] }, kms: { keys: [], tokens: [], regions: [] } }));
    const run = await startCli(['--data', file]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Bad data file ${file}`);
    expect(run.output).toContain('/region_name is required');
  });
});

describe('logs', () => {
  it('write one JSON line per request with what happened, and no credentials or key material', async () => {
    const cli = startCli(['--port', '0']);
    const url = await cli.listening;
    const pem = '-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----';
    await put(url, regionPath(REGION_ID), { ...validRegionUpdate(), key_file: pem, token: 'region-secret-token' }, { Authorization: MANAGE_TOKEN, 'X-Mock-Session': 'logs' });
    await put(url, primaryRegionPath(KEY_ID), { key_id: KEY_ID, primary_region: 'cn-east-3' }, { 'X-Auth-Token': 'kms-dev-token', Prefer: 'code=502' });
    const run = await cli.stop();
    const lines = run.output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request', method: 'PUT', path: regionPath(REGION_ID), operationId: 'updateRegion', status: 200, session: 'logs', forced: null, durationMs: expect.any(Number) }),
      expect.objectContaining({ method: 'PUT', operationId: 'updatePrimaryRegion', status: 502, session: 'default', forced: 'prefer' }),
    ]);
    for (const secret of [MANAGE_TOKEN, 'kms-dev-token', 'SECRETKEYMATERIAL', 'PRIVATE KEY', 'region-secret-token']) expect(run.output).not.toContain(secret);
  });

  it.each([
    ['--log-level silent', ['--log-level', 'silent'], {}],
    ['LOG_LEVEL=warn', [], { LOG_LEVEL: 'warn' }],
  ])('are quiet with %s', async (_how, args, env) => {
    const cli = startCli(['--port', '0', ...args], env);
    await fetch(`${await cli.listening}/__admin/health`);
    const run = await cli.stop();
    expect(run.output.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
  });
});

describe('the command line', () => {
  it('prints every flag for --help', async () => {
    const run = await startCli(['--help']).ended;
    expect(run.code).toBe(0);
    for (const flag of ['--port', '--host', '--fixtures', '--data', '--latency', '--no-validate-responses', '--log-level', '--help', '--version']) {
      expect(run.output).toContain(flag);
    }
  });

  it('prints the package version for --version', async () => {
    const run = await startCli(['--version']).ended;
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(run.output.trim()).toBe(pkg.version);
  });

  it('takes serve as its command', async () => {
    const cli = startCli(['serve', '--port', '0']);
    expect((await fetch(`${await cli.listening}/__admin/health`)).status).toBe(200);
  });

  it("runs as npm start runs it (scripts/start.mjs on the built tree): flags pass through, and SIGTERM stops it cleanly", async () => {
    const started = startProcess(process.execPath, [join(__dirname, '..', 'scripts', 'start.mjs'), '--port', '0'], { cwd: join(__dirname, '..') });
    expect((await fetch(`${await started.listening}/__admin/health`)).status).toBe(200);
    expect((await started.stop()).code).toBe(0);
  });

  it('serves on PORT, answers the health check and stops cleanly on SIGTERM', async () => {
    const cli = startCli([], { PORT: '0' });
    expect((await fetch(`${await cli.listening}/__admin/health`)).status).toBe(200);
    expect((await cli.stop()).code).toBe(0);
  });

  it.each([
    [['--port', 'eighty'], 1, 'PORT must be a whole number'],
    [['--latency', 'slow'], 1, 'MOCK_LATENCY_MS: a latency must be "min-max"'],
    [['--log-level', 'loud'], 1, 'LOG_LEVEL must be one of'],
    [['--journal-limit', '0'], 1, 'JOURNAL_LIMIT must be a whole number'],
    [['--fixtures', '/no/such/folder'], 1, 'Bad fixture /no/such/folder/rainbond/regions.yaml'],
    [['--colour'], 2, "Unknown option '--colour'"],
    [['start'], 2, 'Unknown command "start"'],
  ])('exits non-zero with a message on %j', async (args, code, message) => {
    const run = await startCli(args).ended;
    expect(run.code).toBe(code);
    expect(run.output).toContain(message);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ VALIDATE_RESPONSES: 'nope' }, 'VALIDATE_RESPONSES must be true or false'],
  ])('exits non-zero with a message on the environment %j', async (env, message) => {
    const run = await startCli([], env).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(message);
  });

  it('exits non-zero with a message when the port is taken', async () => {
    const first = startCli(['--port', '0']);
    const port = new URL(await first.listening).port;
    const run = await startCli(['--port', port]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain('EADDRINUSE');
  });
});

describe('start-up errors', () => {
  it('never print a token or key material from a bad fixture', async () => {
    const fixtures = ownFixtures();
    const tokens = join(fixtures, 'kms', 'tokens.yaml');
    writeFileSync(tokens, readFileSync(tokens, 'utf8').replace('status: valid', 'status: bogus'));
    const regions = join(fixtures, 'rainbond', 'regions.yaml');
    const run = await startCli(['--fixtures', fixtures]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/tokens\.yaml, record 1: field \/status/);
    expect(run.output).not.toContain('kms-dev-token');

    writeFileSync(tokens, readFileSync(join(__dirname, '..', 'fixtures', 'kms', 'tokens.yaml'), 'utf8'));
    writeFileSync(regions, `${readFileSync(regions, 'utf8')}\n- key_file: "-----BEGIN PRIVATE KEY-----\\nSECRETKEYMATERIAL\n  : : [\n`);
    const broken = await startCli(['--fixtures', fixtures]).ended;
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('regions.yaml, the file');
    expect(broken.output).not.toContain('SECRETKEYMATERIAL');
  });

  it('never print a token from a bad data file', async () => {
    const file = join(dir, 'state.json');
    const state = structuredClone(buildApp().store.data) as unknown as { kms: { tokens: Array<{ status: string }> } };
    state.kms.tokens[0].status = 'bogus';
    writeFileSync(file, JSON.stringify(state));
    const run = await startCli(['--data', file]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Bad data file ${file}`);
    expect(run.output).not.toContain('kms-dev-token');
  });

  it('refuses --data in a folder that does not exist, before serving', async () => {
    const target = join(dir, 'nope', 'state.json');
    const run = await startCli(['--data', target]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Bad data file ${target}: cannot write it (ENOENT)`);
  });

  it.each([['--data', ''], ['--port', ''], ['--host', '']])('refuse an empty %s', async (flag, value) => {
    const run = await startCli([flag, value]).ended;
    expect(run.code).toBe(2);
    expect(run.output).toContain(`${flag} needs a value`);
  });

  it('let a flag win over a bad variable', async () => {
    const cli = startCli(['--port', '0'], { PORT: 'abc' });
    expect((await fetch(`${await cli.listening}/__admin/health`)).status).toBe(200);
  });
});

describe('--admin-token and --no-admin', () => {
  it.each([
    ['the flag', ['--admin-token', 'adm'], {}],
    ['the variable', [], { ADMIN_TOKEN: 'adm' }],
  ])('guard the admin routes (%s)', async (_how, args, env) => {
    const url = await startCli(['--port', '0', ...args], env).listening;
    expect((await fetch(`${url}/__admin/state`)).status).toBe(401);
    expect((await fetch(`${url}/__admin/state`, { headers: { 'X-Admin-Token': 'adm' } })).status).toBe(200);
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
  });

  it.each([
    ['the flag', ['--no-admin'], {}],
    ['the variable', [], { ADMIN_API: 'false' }],
  ])('turn the admin API off but for health (%s)', async (_how, args, env) => {
    const url = await startCli(['--port', '0', ...args], env).listening;
    expect((await fetch(`${url}/__admin/faults`)).status).toBe(404);
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
  });
});
