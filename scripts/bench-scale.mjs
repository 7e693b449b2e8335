// npm run bench:scale: the same calls at the built-in fixtures and at 10,000 more regions and
// 10,000 more keys (generated here into a temporary folder, never committed), one regionmock
// each, alternating: cold start, RSS after start, single-record PUT and GET on both APIs, and a
// page of 10 from the region list; then the ratios (large over built-in). Then the same two with
// --data (a data file in the temporary folder): the rate of single-record PUTs written to disk.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../dist/index.js';

const COUNT = Number(process.env.SCALE_RECORDS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const R = 'febc993cefe84d158b3ac245d7aa0943';
const P = 'e9993fc787d94b6c886cbaa340f9c0f4';
const K = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';
const rbd = { 'content-type': 'application/json', authorization: 'rbd-manage-token' };
const kms = { 'content-type': 'application/json', 'x-auth-token': 'kms-dev-token' };
const region = { region_alias: 'bench', url: 'https://bench.example.com:8443', wsurl: 'wss://bench.example.com:6060', httpdomain: 'bench.example.com', tcpdomain: '10.1.1.1', status: '1' };
const CALLS = {
  'Rainbond PUT': { method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: rbd, body: JSON.stringify(region) },
  'Rainbond GET': { method: 'GET', path: `/openapi/v2/manage/regions/${R}`, headers: rbd },
  // The last region of each target: a look-up that scans a list finds the first record at once and this one last.
  'Rainbond GET, the last region': {
    method: 'GET',
    path: (large) => `/openapi/v2/manage/regions/${large ? (COUNT - 1).toString(16).padStart(32, '0') : buildApp().store.data.rainbond.regions.at(-1).region_id}`,
    headers: rbd,
  },
  'Rainbond list, a page of 10': { method: 'GET', path: '/openapi/v2/manage/regions?current=1&pageSize=10', headers: rbd },
  'KMS PUT': { method: 'PUT', path: `/v2/${P}/kms/keys/${K}/update-primary-region`, headers: kms, body: JSON.stringify({ key_id: K, primary_region: 'cn-north-4' }) },
  'KMS describe': { method: 'POST', path: `/v1.0/${P}/kms/describe-key`, headers: kms, body: JSON.stringify({ key_id: K }) },
};

/** The built-in fixtures with COUNT generated regions and keys (JSON is YAML), and the size of their JSON. */
function largeFixtures() {
  const dir = mkdtempSync(join(tmpdir(), 'regionmock-scale-'));
  cpSync('fixtures', dir, { recursive: true });
  const { rainbond, kms: keys } = buildApp().store.data;
  const hex = (i, n) => i.toString(16).padStart(n, '0');
  const regions = [...rainbond.regions, ...Array.from({ length: COUNT }, (_, i) => ({ ...rainbond.regions[0], region_id: `${hex(i, 32)}`, region_name: `gen-${i}`, region_alias: `生成${i}` }))];
  const more = Array.from({ length: COUNT }, (_, i) => ({ ...keys.keys[0], key_id: `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`, key_alias: `gen/${i}` }));
  const regionsText = JSON.stringify(regions);
  const keysText = JSON.stringify([...keys.keys, ...more]);
  writeFileSync(join(dir, 'rainbond', 'regions.yaml'), regionsText);
  writeFileSync(join(dir, 'kms', 'keys.yaml'), keysText);
  return { dir, jsonMb: (regionsText.length + keysText.length) / 1e6 };
}

const freePort = () => new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function start(fixtures, data) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', '--port', String(port), '--log-level', 'silent', ...(fixtures ? ['--fixtures', fixtures] : []), ...(data ? ['--data', data] : [])], { stdio: 'ignore' });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${CALLS['Rainbond PUT'].path}`, { method: 'PUT', headers: rbd, body: CALLS['Rainbond PUT'].body })).status < 500) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, port, startMs: Math.round(performance.now() - started), rssMb: Math.round(rssMb(child.pid)) };
}

const large = largeFixtures();
const targets = { 'built-in': await start(undefined), [`+${COUNT} regions and keys`]: await start(large.dir) };
const names = Object.keys(targets);
const rows = [];
for (const [call, c] of Object.entries(CALLS)) {
  for (const name of names) {
    const r = await autocannon({ url: `http://127.0.0.1:${targets[name].port}`, connections: 20, duration: SECONDS, requests: [{ method: c.method, path: typeof c.path === 'function' ? c.path(name !== 'built-in') : c.path, headers: c.headers, body: c.body }] });
    rows.push({ call, target: name, rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx });
  }
}
for (const t of Object.values(targets)) t.child.kill('SIGTERM');
const stored = {};
for (const [name, fixtures] of [['built-in', undefined], [names[1], large.dir]]) {
  const t = await start(fixtures, join(large.dir, `state-${name.length}.json`));
  // The KMS PUT alternates two regions: setting the one a key has already is not a write.
  const writes = { 'Rainbond PUT': [CALLS['Rainbond PUT']], 'KMS PUT': ['cn-east-3', 'cn-north-4'].map((to) => ({ ...CALLS['KMS PUT'], body: JSON.stringify({ key_id: K, primary_region: to }) })) };
  for (const [call, requests] of Object.entries(writes)) {
    const r = await autocannon({ url: `http://127.0.0.1:${t.port}`, connections: 20, duration: SECONDS, requests });
    stored[`${call} --data, ${name}`] = { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx };
  }
  t.child.kill('SIGTERM');
  await new Promise((r) => t.child.once('exit', r));
}
rmSync(large.dir, { recursive: true, force: true });
const of = (call, i) => rows.find((r) => r.call === call && r.target === names[i]);
console.table(rows);
console.table(Object.keys(CALLS).map((call) => ({ call, rpsRatio: +(of(call, 1).rps / of(call, 0).rps).toFixed(2), p50Ratio: +(of(call, 1).p50Ms / Math.max(1, of(call, 0).p50Ms)).toFixed(2) })));
console.table(names.map((n) => ({ target: n, coldStartMs: targets[n].startMs, rssAfterStartMb: targets[n].rssMb })));
console.table(stored);
console.log(`--data PUT ratio (large over built-in): Rainbond ${(stored[`Rainbond PUT --data, ${names[1]}`].rps / stored['Rainbond PUT --data, built-in'].rps).toFixed(2)}, KMS ${(stored[`KMS PUT --data, ${names[1]}`].rps / stored['KMS PUT --data, built-in'].rps).toFixed(2)}`);
console.log(`generated records' JSON: ${large.jsonMb.toFixed(1)} MB; cold start ratio ${(targets[names[1]].startMs / targets[names[0]].startMs).toFixed(2)}; RSS over built-in ${targets[names[1]].rssMb - targets[names[0]].rssMb} MB`);
process.exit(0);
