import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../src';
import { DOC_FILES, fencedBlocks } from './snippets/blocks';
import { commands, runSnippet, unsupported } from './snippets/shell';

/**
 * Every shell snippet of the README and the guides runs as written against a mock, in order
 * within its file, and prints what its `# ` output lines say (a line that starts with `{`,
 * `[` or `HTTP/`; "..." stands for what it leaves out). The snippets that cannot run here
 * (they install, start or build something, or pipe into another tool) are named below, each
 * with why: a new one that cannot run fails until it is named.
 */

const NOT_HERE: Record<string, string> = {
  'README.md: npm ci && npm start': "the README's two commands: CI runs the second, and the first starts the mock (test/cli.test.ts runs npm start's script)",
  'docs/admin-api.md: curl -s http://127.0.0.1:4010/__admin/coverage | jq': 'pipes into jq',
  'docs/ci.md: npx regionmock --port 4010 & MOCK=$!': 'starts the mock and a suite of yours (test/cli.test.ts runs the coverage command)',
  'docs/ci.md: npx regionmock verify --target https://console.example.com': 'checks real providers (test/verify.test.ts runs verify against the mock)',
  'docs/configuration.md: npx regionmock --port 4020': 'starts the mock (test/cli.test.ts runs these flags and variables)',
  'docs/configuration.md: docker compose up --build': 'needs a Docker engine (test/container.test.ts checks the files)',
  'docs/shared-service.md: docker compose --profile shared up --build': 'needs a Docker engine and HAProxy (test/container.test.ts checks the profile, test/shared-service.test.ts runs deploy/haproxy.cfg)',
  'docs/error-paths.md: MOCK_LATENCY_MS=200-800 npm start': 'starts the mock with latency (test/cli.test.ts runs MOCK_LATENCY_MS)',
  'docs/scenarios.md: npx regionmock --proxy https://console.example.com --record ./recordings': 'records a real provider (test/recording.test.ts records one mock through another)',
  'docs/test-runners.md: npm install --save-dev regionmock jest@29': 'installs packages (test/package-runners.test.ts does, in a fresh project)',
  'docs/test-runners.md: npm install --save-dev regionmock vitest@4': 'installs packages (test/package-runners.test.ts does, in a fresh project)',
  'docs/test-runners.md: npm install --save-dev regionmock': 'installs packages (test/package-runners.test.ts does, in a fresh project)',
};

interface Snippet {
  file: string;
  script: string;
  /** The file and the start of its first command, which names it. */
  name: string;
  prints: string[];
}

function snippets(): Snippet[] {
  return fencedBlocks(['sh']).map(({ file, code: script }) => {
    const first = commands(script)[0] ?? '';
    const known = Object.keys(NOT_HERE).find((key) => key === `${file}: ${first}` || (key.startsWith(`${file}: `) && first.startsWith(key.slice(file.length + 2))));
    const prints = script.split('\n').filter((l) => /^# ({|\[|HTTP\/)/.test(l)).map((l) => l.slice(2));
    return { file, script, name: known ?? `${file}: ${first.slice(0, 60)}`, prints };
  });
}

const runnable = (s: Snippet) => commands(s.script).every((c) => unsupported(c) === undefined);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

describe('the shell snippets of the README and the guides', () => {
  it('are all run below, but for the ones named as not runnable here, each with its reason', () => {
    const notRunnable = snippets().filter((s) => !runnable(s)).map((s) => s.name);
    expect(notRunnable.sort()).toEqual(Object.keys(NOT_HERE).sort());
  });

  const byFile = DOC_FILES.map((file) => [file, snippets().filter((s) => s.file === file && runnable(s))] as const).filter(([, list]) => list.length > 0);
  it.each(byFile)('%s: each runs as written and prints what it says', async (_file, list) => {
    await server.reset();
    const cwd = mkdtempSync(join(tmpdir(), 'regionmock-snippet-'));
    for (const snippet of list) {
      const printed = await runSnippet(snippet.script, server.url, cwd);
      let at = 0;
      for (const piece of snippet.prints.flatMap((line) => line.split('...').map((part) => part.trim()).filter(Boolean))) {
        const found = printed.indexOf(piece, at);
        if (found < 0) throw new Error(`${snippet.name} says it prints ${JSON.stringify(piece)}; it printed:\n${printed}`);
        at = found + piece.length;
      }
    }
  });
});
