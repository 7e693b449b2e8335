// npm run profile: where the mock's time goes under load. Runs the CLI with V8's CPU profiler
// while autocannon drives the Rainbond PUT (50 connections, PROFILE_SECONDS, default 10) on
// loopback, then prints the share of samples by what was running: each dependency, the
// mock's own code, Node's internals, and garbage collection.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const PORT = Number(process.env.PROFILE_PORT ?? 4970);
const R = 'febc993cefe84d158b3ac245d7aa0943';
const body = JSON.stringify({ region_alias: 'bench', url: 'https://bench.example.com:8443', wsurl: 'wss://bench.example.com:6060', httpdomain: 'bench.example.com', tcpdomain: '10.1.1.1', status: '1' });
const dir = mkdtempSync(join(tmpdir(), 'regionmock-profile-'));

const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/cli.js', '--port', String(PORT)], { stdio: 'ignore' });
for (;;) {
  try {
    await fetch(`http://127.0.0.1:${PORT}/__admin/health`);
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 20));
  }
}
const request = { method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: { 'content-type': 'application/json', authorization: 'rbd-manage-token' }, body };
const result = await autocannon({ url: `http://127.0.0.1:${PORT}`, connections: 50, duration: SECONDS, requests: [request] });
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));

const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
rmSync(dir, { recursive: true, force: true });
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
/** What a frame counts as: a dependency, the mock, Ajv's compiled validators, Node or V8's own work. */
const owner = (node) => {
  const { url, functionName } = node.callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('/dist/')) return 'regionmock (its own code)';
  if (['(garbage collector)', '(idle)', '(program)', '(root)'].includes(functionName)) return functionName;
  // Ajv compiles each schema into a function named validate<N>, with no file behind it.
  if (url === '' && /^validate\d+$/.test(functionName)) return 'Ajv-compiled validators';
  if (url === '') return 'V8 built-ins (JSON, RegExp, ...)';
  return 'Node.js internals';
};
// Self: where the sample was taken. Inclusive: every owner on its stack (a library's callees count for it).
const self = new Map();
const inclusive = new Map();
profile.samples.forEach((id, i) => {
  const t = profile.timeDeltas[i] ?? 0;
  const key = owner(nodes.get(id));
  self.set(key, (self.get(key) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) seen.add(owner(nodes.get(cur)));
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
});
const busy = [...self].filter(([k]) => k !== '(idle)').reduce((sum, [, t]) => sum + t, 0);
const share = (t) => `${((100 * (t ?? 0)) / busy).toFixed(1)} %`;
console.log(`${Math.round(result.requests.average)} req/s over ${SECONDS} s; share of the busy CPU time:`);
console.table(
  [...self]
    .filter(([k]) => !['(idle)', '(root)'].includes(k))
    .sort((a, b) => (inclusive.get(b[0]) ?? 0) - (inclusive.get(a[0]) ?? 0))
    .slice(0, 16)
    .map(([k, t]) => ({ owner: k, self: share(t), inclusive: share(inclusive.get(k)) })),
);
