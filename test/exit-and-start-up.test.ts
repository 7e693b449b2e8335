import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, freePort, killAll, startCli } from './cli-process';
import { MANAGE_TOKEN } from './helpers';

afterEach(killAll);

describe('SIGTERM', () => {
  it('ends the mock while nobody reads its standard output, saying how many log lines it dropped', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Standard output is never read: the pipe fills with log lines and stays full.
    child.stdout.pause();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 100; i++) {
      if (await fetch(`http://127.0.0.1:${port}/__admin/health`).then(() => true, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const client = async () => {
      for (let i = 0; i < 150; i++) await (await fetch(`http://127.0.0.1:${port}/openapi/v2/manage/regions`, { headers: { Authorization: MANAGE_TOKEN } })).arrayBuffer();
    };
    await Promise.all(Array.from({ length: 10 }, client));
    child.kill('SIGTERM');
    // Without the fix the process never exits; the test's own timeout would end it.
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)))]);
    clearTimeout(timer);
    child.kill('SIGKILL');
    // The pipe nobody read would keep Jest waiting.
    child.stdout.destroy();
    expect(code).toBe(0);
    expect(stderr).toMatch(/regionmock: \d+ log line\(s\) dropped: standard output was not being read/);
  }, 60_000);
});

describe('start-up errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regionmock-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['cut short', '{"kms": {"tokens": [{"token": "kms-dev-token", "project_id": "e9993fc787d94b6c886cbaa340f9c0f4"'],
    ['with a stray character', '{"rainbond": {"tokens": [{"token": "rbd-manage-token"}]}} x'],
    ['with a bad token', '{"kms": {"tokens": [{"token": kms-dev-token}]}}'],
  ])('name a data file that is not JSON (%s) without quoting it', async (_what, text) => {
    const file = join(dir, 'state.json');
    writeFileSync(file, text);
    const run = await startCli(['--data', file]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Bad data file ${file}: it is not valid JSON`);
    expect(run.output).not.toMatch(/kms-dev-token|rbd-manage-token/);
  });
});
