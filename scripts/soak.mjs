// npm run soak: drives the built mock on loopback with mixed load (autocannon) for
// SOAK_SECONDS (default 60) and reports errors, unforced 5xx and the server's memory. The
// mix has hostile parts too: a new session name on every call of one kind (past the session
// limit), and bodies of 200 KB that the journal must keep cut.
// Not part of npm test: it is a measurement, and docs/guarantees.md records its figures.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 20);
const P = 'e9993fc787d94b6c886cbaa340f9c0f4';
const K = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';
const R = 'febc993cefe84d158b3ac245d7aa0943';
const region = { region_alias: 'soak', url: 'https://soak.example.com:8443', wsurl: 'wss://soak.example.com:6060', httpdomain: 'soak.example.com', tcpdomain: '10.9.9.9', status: '1' };
const json = { 'content-type': 'application/json' };
const rbd = { ...json, authorization: 'rbd-manage-token' };
const kms = { ...json, 'x-auth-token': 'kms-dev-token' };

let sessionNumber = 0;
/** The mix: valid and refused writes on both vendors, reads, lists, an admin count and hostile calls. */
const REQUESTS = [
  { method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: rbd, body: JSON.stringify(region) },
  { method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: rbd, body: JSON.stringify({ ...region, url: 'ftp://bad' }) },
  { method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: json, body: JSON.stringify(region) },
  { method: 'GET', path: '/openapi/v2/manage/regions?current=1&pageSize=5', headers: rbd },
  { method: 'PUT', path: `/v2/${P}/kms/keys/${K}/update-primary-region`, headers: kms, body: JSON.stringify({ key_id: K, primary_region: 'cn-north-4' }) },
  { method: 'PUT', path: `/v2/${P}/kms/keys/${K}/update-primary-region`, headers: kms, body: '{"key_id": ' },
  { method: 'POST', path: `/v1.0/${P}/kms/describe-key`, headers: kms, body: JSON.stringify({ key_id: K }) },
  { method: 'POST', path: `/v1.0/${P}/kms/list-keys`, headers: kms, body: JSON.stringify({ limit: '3' }) },
  { method: 'PUT', path: `/v2/${P}/kms/keys/${K}/update-primary-region`, headers: { ...kms, 'x-mock-session': 'soak-b' }, body: JSON.stringify({ key_id: K, primary_region: 'nowhere' }) },
  { method: 'GET', path: '/__admin/requests/count?status=200', headers: {} },
  {
    method: 'GET',
    path: '/openapi/v2/manage/regions?current=1&pageSize=2',
    headers: rbd,
    setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-mock-session': `soak-new-${(sessionNumber += 1)}` } }),
  },
  { method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: rbd, body: JSON.stringify({ ...region, desc: 'x'.repeat(200_000) }) },
];

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const server = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (c) => {
    out += c;
    const m = /listening on (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', () => reject(new Error('the mock exited before listening')));
});
let died = false;
server.on('exit', () => (died = true));

const startMb = rssMb(server.pid);
const samples = [startMb];
const sampler = setInterval(() => samples.push(rssMb(server.pid)), 5000);
const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: REQUESTS });
clearInterval(sampler);
const endMb = rssMb(server.pid);
await new Promise((resolve) => setTimeout(resolve, 5000));
const idleMb = rssMb(server.pid);
const health = await fetch(`${url}/__admin/health`).then((r) => r.status, () => 0);
server.kill('SIGTERM');

const byStatus = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([s, v]) => [s, v.count]));
const unforced5xx = Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
const report = {
  seconds: SECONDS,
  connections: CONNECTIONS,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  byStatus,
  errors: result.errors,
  timeouts: result.timeouts,
  unforced5xx,
  memoryMb: { start: Math.round(startMb), end: Math.round(endMb), peak: Math.round(Math.max(...samples, endMb)), fiveSecondsAfter: Math.round(idleMb) },
  healthAfter: health,
  serverDied: died,
};
console.log(JSON.stringify(report, null, 2));
process.exit(report.errors || report.timeouts || unforced5xx || died || health !== 200 ? 1 : 0);
