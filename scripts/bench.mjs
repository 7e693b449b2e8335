// npm run bench: the bare Express ceiling, regionmock with its default settings, and Prism
// mocking regionmock's own documents, all on loopback, driven by autocannon in alternating
// rounds so that machine noise hits all alike. Cold start is timed from the process's spawn
// to its first answered Rainbond PUT; a later in-process start (scripts/bench-start.mjs) the
// same way. Prints the tables and writes bench-results.json.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const R = 'febc993cefe84d158b3ac245d7aa0943';
const P = 'e9993fc787d94b6c886cbaa340f9c0f4';
const K = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';
const region = { region_alias: 'bench', url: 'https://bench.example.com:8443', wsurl: 'wss://bench.example.com:6060', httpdomain: 'bench.example.com', tcpdomain: '10.1.1.1', status: '1' };
const rbd = { 'content-type': 'application/json', authorization: 'rbd-manage-token' };
const kms = { 'content-type': 'application/json', 'x-auth-token': 'kms-dev-token' };

/** The calls measured; `doc` says which Prism instance serves it. */
const OPERATIONS = {
  'Rainbond PUT': { doc: 'rainbond', method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: rbd, body: JSON.stringify(region) },
  'KMS PUT': { doc: 'kms', method: 'PUT', path: `/v2/${P}/kms/keys/${K}/update-primary-region`, headers: kms, body: JSON.stringify({ key_id: K, primary_region: 'cn-north-4' }) },
  'error (400)': { doc: 'rainbond', method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: rbd, body: JSON.stringify({ status: '9' }) },
  'Prefer 504': { doc: 'rainbond', method: 'PUT', path: `/openapi/v2/manage/regions/${R}`, headers: { ...rbd, prefer: 'code=504' }, body: JSON.stringify(region) },
};

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const rssMb = (pid, field = 'VmRSS') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Starts a process and resolves once `probe` answers, with the time that took. */
async function launch(command, args, probe, env = {}) {
  const started = performance.now();
  const child = spawn(command, args, { stdio: 'ignore', detached: true, env: { ...process.env, ...env } });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited`);
    try {
      const res = await probe();
      if (res.status < 500) return { child, startupMs: Math.round(performance.now() - started) };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

const call = (port, op) => fetch(`http://127.0.0.1:${port}${op.path}`, { method: op.method, headers: op.headers, body: op.body });

async function startTargets() {
  const [bare, checked, mock, prismR, prismK] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const targets = {};
  const b = await launch(process.execPath, ['scripts/bench-bare.mjs'], () => call(bare, OPERATIONS['Rainbond PUT']), { PORT: String(bare) });
  targets.bare = { ports: { rainbond: bare, kms: bare }, pids: [b.child.pid], startupMs: b.startupMs, children: [b.child] };
  // The stack's ceiling with the chosen request validator: how near regionmock can get with it.
  const v = await launch(process.execPath, ['scripts/bench-validator.mjs'], () => call(checked, OPERATIONS['Rainbond PUT']), { PORT: String(checked) });
  targets['bare+validator'] = { ports: { rainbond: checked, kms: checked }, pids: [v.child.pid], startupMs: v.startupMs, children: [v.child] };
  const m = await launch(process.execPath, ['dist/cli.js', '--port', String(mock)], () => call(mock, OPERATIONS['Rainbond PUT']));
  targets.regionmock = { ports: { rainbond: mock, kms: mock }, pids: [m.child.pid], startupMs: m.startupMs, children: [m.child] };
  const prism = 'node_modules/.bin/prism';
  const pr = await launch(prism, ['mock', '-p', String(prismR), '-h', '127.0.0.1', 'spec/rainbond.openapi.yaml'], () => call(prismR, OPERATIONS['Rainbond PUT']));
  const pk = await launch(prism, ['mock', '-p', String(prismK), '-h', '127.0.0.1', 'spec/kms.openapi.yaml'], () => call(prismK, OPERATIONS['KMS PUT']));
  targets.prism = { ports: { rainbond: prismR, kms: prismK }, pids: [pr.child.pid, pk.child.pid], startupMs: Math.max(pr.startupMs, pk.startupMs), children: [pr.child, pk.child] };
  return targets;
}

const laterStarts = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ['scripts/bench-start.mjs'], { encoding: 'utf8' })).laterStartMs);

/** `npm start` on a built tree (as after `npm ci`) to its first answered PUT, three times: the median. */
async function npmStartMs() {
  const times = [];
  for (let i = 0; i < 3; i += 1) {
    const port = await freePort();
    const started = await launch('npm', ['start', '--silent'], () => call(port, OPERATIONS['Rainbond PUT']), { PORT: String(port), LOG_LEVEL: 'silent' });
    process.kill(-started.child.pid, 'SIGTERM');
    times.push(started.startupMs);
  }
  return [...times].sort((a, b) => a - b)[1];
}
const npmStart = await npmStartMs();
const targets = await startTargets();
const names = Object.keys(targets);
const samples = {};
const memoryAfterRound = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [opName, op] of Object.entries(OPERATIONS)) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const port = targets[name].ports[op.doc];
      const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: SECONDS, requests: [{ method: op.method, path: op.path, headers: op.headers, body: op.body }] });
      (samples[`${name}|${opName}`] ??= []).push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx });
    }
  }
  for (const name of names) memoryAfterRound[name].push(Math.round(targets[name].pids.reduce((mb, pid) => mb + rssMb(pid), 0)));
}
const peakMb = Object.fromEntries(names.map((n) => [n, Math.round(targets[n].pids.reduce((mb, pid) => mb + rssMb(pid, 'VmHWM'), 0))]));
for (const t of Object.values(targets)) for (const child of t.children) process.kill(-child.pid, 'SIGTERM');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = [];
for (const opName of Object.keys(OPERATIONS)) {
  for (const name of names) {
    const s = samples[`${name}|${opName}`];
    rows.push({ operation: opName, target: name, rps: Math.round(mean(s.map((x) => x.rps))), p50Ms: median(s.map((x) => x.p50)), p99Ms: median(s.map((x) => x.p99)), errors: s.reduce((n, x) => n + x.errors, 0) });
  }
}
const rpsOf = (target, op) => rows.find((r) => r.target === target && r.operation === op);
const ratios = Object.fromEntries(
  Object.keys(OPERATIONS).map((op) => [op, {
    regionmockOverBare: +(rpsOf('regionmock', op).rps / rpsOf('bare', op).rps).toFixed(2),
    validatorCeilingOverBare: +(rpsOf('bare+validator', op).rps / rpsOf('bare', op).rps).toFixed(2),
    regionmockOverPrism: +(rpsOf('regionmock', op).rps / rpsOf('prism', op).rps).toFixed(2),
    p99OverBare: +(rpsOf('regionmock', op).p99Ms / Math.max(1, rpsOf('bare', op).p99Ms)).toFixed(2),
  }]),
);
const report = {
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
  settings: { rounds: ROUNDS, secondsPerRun: SECONDS, connections: CONNECTIONS },
  rows,
  ratios,
  memoryMb: Object.fromEntries(names.map((n) => [n, { peak: peakMb[n], afterEachRound: memoryAfterRound[n] }])),
  coldStartToFirstPutMs: Object.fromEntries(names.map((n) => [n, targets[n].startupMs])),
  laterInProcessStartMs: { regionmock: [...laterStarts].sort((a, b) => a - b)[1] },
  npmStartToFirstPutMs: npmStart,
};
writeFileSync('bench-results.json', `${JSON.stringify(report, null, 2)}\n`);
console.table(rows);
console.table(Object.entries(ratios).map(([operation, r]) => ({ operation, ...r })));
console.table(names.map((n) => ({ target: n, coldStartToFirstPutMs: report.coldStartToFirstPutMs[n], peakMb: peakMb[n], rssAfterEachRoundMb: memoryAfterRound[n].join(' / ') })));
console.log(`regionmock, a later startServer() in the same process to its first answered PUT: ${report.laterInProcessStartMs.regionmock} ms`);
console.log(`npm start on a built tree to its first answered PUT: ${npmStart} ms (the CLI's own cold start: ${report.coldStartToFirstPutMs.regionmock} ms)`);
console.log('Written to bench-results.json');
process.exit(0);
