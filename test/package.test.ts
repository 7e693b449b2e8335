import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, startProcess } from './cli-process';

const ROOT = join(__dirname, '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'regionmock-pack-'));
});
afterAll(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

// Installing from the registry takes a while; the rest of the suite keeps Jest's default timeout.
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the npm package', () => {
  let tarball: string;

  it('packs the compiled code, the documents and the fixtures, and nothing of the sources or tests', () => {
    const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(dir, packed.filename);
    const files = packed.files.map((f) => f.path);
    for (const needed of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'spec/rainbond.openapi.yaml', 'spec/kms.openapi.yaml', 'spec/admin.openapi.yaml', 'fixtures/rainbond/regions.yaml', 'fixtures/kms/keys.yaml', 'package.json']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  }, 120_000);

  it('installs into an empty folder, where `npx regionmock --port 0` serves both APIs and the docs', async () => {
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'uses-regionmock', version: '1.0.0', private: true }));
    npm(['install', '--no-audit', '--no-fund', tarball], app);
    expect(readdirSync(join(app, 'node_modules', 'regionmock'))).toEqual(expect.arrayContaining(['dist', 'spec', 'fixtures']));
    const mock = startProcess('npx', ['--no-install', 'regionmock', '--port', '0'], { cwd: app });
    const url = await mock.listening;
    expect(await (await fetch(`${url}/__admin/health`)).json()).toMatchObject({ status: 'ok' });
    const key = await fetch(`${url}/v1.0/e9993fc787d94b6c886cbaa340f9c0f4/kms/describe-key`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f' }),
    });
    expect(key.status).toBe(200);
    expect((await fetch(`${url}/__docs/`)).status).toBe(200);
    // The built-in scenarios ship in the package: a folder left out would list none, silently.
    const scenarios = (await (await fetch(`${url}/__admin/scenarios`)).json()) as { scenarios: Array<{ name: string; problem: string | null }> };
    expect(scenarios.scenarios.filter((s) => s.problem === null).map((s) => s.name).sort()).toEqual(['expired-token', 'kms-gateway-outage', 'rainbond-console-timeout', 'region-maintenance']);
    expect((await fetch(`${url}/__admin/scenarios/kms-gateway-outage/apply`, { method: 'POST' })).status).toBe(200);
    await mock.stop();
    await expect(fetch(`${url}/__admin/health`)).rejects.toThrow();
  }, 180_000);

  it('is typed for in-process use from its root', () => {
    const app = join(dir, 'app');
    writeFileSync(
      join(app, 'use.ts'),
      "import { createApp, startServer, type RunningServer } from 'regionmock';\nconst app = createApp();\nconst started: Promise<RunningServer> = startServer({ port: 0 });\nvoid app; void started;\n",
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--skipLibCheck', 'use.ts'], { cwd: app, stdio: 'pipe' });
  });
});
