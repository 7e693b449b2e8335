import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');

/** One runner's setup as docs/test-runners.md gives it: the install command, the files, the command that runs them. */
interface RunnerSetup {
  install: string[];
  files: Map<string, string>;
  run: string[];
}

/** The section for `runner` of docs/test-runners.md ("In your test runner"), read as a user would follow it. */
function guideSetup(runner: string): RunnerSetup {
  const section = readFileSync(join(ROOT, 'docs', 'test-runners.md'), 'utf8');
  const start = section.indexOf(`\n## ${runner}\n`) + 1;
  if (start === 0) throw new Error(`docs/test-runners.md: no section "## ${runner}"`);
  const next = section.slice(start + 3).search(/^##? /m);
  const text = section.slice(start, next < 0 ? undefined : start + 3 + next);
  const install = /```sh\n(npm install [^\n]+)\n```/.exec(text)?.[1];
  const run = /Run with `([^`]+)`/.exec(text)?.[1];
  const files = new Map([...text.matchAll(/^`([^`\n]+)`\n\n```\w*\n([\s\S]*?)```/gm)].map((m) => [m[1], m[2]]));
  if (!install || !run || files.size === 0) throw new Error(`docs/test-runners.md: no complete setup under "## ${runner}"`);
  return { install: install.split(' '), files, run: run.split(' ') };
}

let work: string;
let tarball: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'regionmock-runners-'));
  // `npm test` has just built dist/; packing without the prepack build keeps other tests' dist/ in place.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as Array<{ filename: string }>;
  tarball = join(work, packed.filename);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh project that follows docs/test-runners.md's setup for `runner` with the packed package; answers the runner's output. */
function follow(runner: string): string {
  const setup = guideSetup(runner);
  const project = join(work, runner.replace(/\W/g, '-'));
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `uses-regionmock-${runner.replace(/\W/g, '')}`.toLowerCase(), version: '1.0.0', private: true }));
  const [npm, ...args] = setup.install.map((word) => (word === 'regionmock' ? tarball : word));
  execFileSync(npm, [...args, '--no-audit', '--no-fund'], { cwd: project, stdio: 'pipe' });
  for (const [file, content] of setup.files) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), content);
  }
  const [command, ...rest] = setup.run;
  // This suite's own Jest worker id must not leak into the user's run.
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' };
  delete env.JEST_WORKER_ID;
  delete env.FORCE_COLOR;
  const ran = spawnSync(command, rest, { cwd: project, encoding: 'utf8', env });
  // Runners write their reports to stderr or stdout; both are kept.
  const output = `${ran.stdout}\n${ran.stderr}`;
  if (ran.status !== 0) throw new Error(`${setup.run.join(' ')} failed in the ${runner} project:\n${output}`);
  return output;
}

describe('the packed package in a fresh project, set up as docs/test-runners.md says', () => {
  it('passes its Jest tests with only the ts-jest preset', () => {
    expect(follow('Jest')).toMatch(/Tests:\s+2 passed, 2 total/);
  }, 300_000);

  it('passes its Vitest tests', () => {
    expect(follow('Vitest')).toMatch(/Tests\s+1 passed \(1\)/);
  }, 300_000);

  it('passes its node:test tests, ESM and CommonJS', () => {
    const out = follow('node:test');
    // Node 20 reports in TAP (`# pass 2`), later lines with `ℹ pass 2`.
    expect(out).toMatch(/^[#ℹ] pass 2$/m);
    expect(out).toMatch(/^[#ℹ] fail 0$/m);
  }, 300_000);
});
