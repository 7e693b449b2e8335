import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../src';

const ROOT = join(__dirname, '..');

/** The shell blocks of the README's "A five-minute tour", in order: the commands, and the `# ` lines saying what they print. */
function tourSteps(): Array<{ script: string; prints: string[] }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## A five-minute tour\n');
  const end = readme.indexOf('\n## ', start + 1);
  const tour = readme.slice(start, end);
  return [...tour.matchAll(/^( *)```sh\n([\s\S]*?)^ *```/gm)].map((m) => {
    const lines = m[2].split('\n').map((line) => line.slice(m[1].length));
    return {
      script: lines.filter((line) => !line.startsWith('# ')).join('\n'),
      prints: lines.filter((line) => line.startsWith('# ')).map((line) => line.slice(2)),
    };
  });
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

it('runs each step of the README\'s tour as written and prints what it says (with "..." for what it leaves out)', async () => {
  const steps = tourSteps();
  expect(steps).toHaveLength(5);
  const port = new URL(server.url).port;
  for (const { script, prints } of steps) {
    // The commands as written, with the mock's address on this run in place of 127.0.0.1:4010.
    const wrapped = `curl() { command curl "\${@//127.0.0.1:4010/127.0.0.1:${port}}"; }\nset -e\n${script}`;
    const { stdout } = await promisify(execFile)('bash', ['-c', wrapped], { cwd: ROOT });
    let at = 0;
    for (const piece of prints.flatMap((line) => line.split('...').map((part) => part.trim()).filter(Boolean))) {
      const found = stdout.indexOf(piece, at);
      if (found < 0) throw new Error(`the tour says its step prints ${JSON.stringify(piece)}; it printed:\n${stdout}`);
      at = found + piece.length;
    }
  }
}, 30_000);
