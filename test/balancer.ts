import { spawnSync } from 'node:child_process';
import { request as httpRequest, Agent } from 'node:http';
import { join } from 'node:path';
import { freePort, startCli, startProcess, type CliProcess } from './cli-process';

export const HAPROXY_CFG = join(__dirname, '..', 'deploy', 'haproxy.cfg');
/** Debian installs it in /usr/sbin, which a non-root PATH may lack. */
const SEARCH_PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

const installed = () => spawnSync('haproxy', ['-v'], { env: { ...process.env, PATH: SEARCH_PATH }, encoding: 'utf8' }).status === 0;

/**
 * HAProxy's command. When it is missing, scripts/ensure-haproxy.sh installs it from Debian's
 * packages where it can (as root, or with password-less sudo), so that `npm test` runs on a
 * machine with only Node and npm; where it cannot, the test fails saying so rather than skipping.
 */
export function haproxyCommand(): string {
  if (installed()) return 'haproxy';
  const script = join(__dirname, '..', 'scripts', 'ensure-haproxy.sh');
  const run = spawnSync('bash', [script], { encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0 || !installed()) {
    throw new Error(`haproxy is not installed and could not be: this test runs deploy/haproxy.cfg in HAProxy. ${run.stderr?.trim() ?? ''}`);
  }
  return 'haproxy';
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP call, with any header (Host too, which fetch will not set), on kept-alive connections. */
export function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const url = new URL(path, base);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent, headers: { ...(data ? { 'Content-Type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

export function closeConnections(): void {
  agent.destroy();
}

export interface Cluster {
  url: string;
  statsUrl: string;
  replicas: Array<{ process: CliProcess; url: string }>;
  /** HAProxy's view of a replica: UP, DOWN, or a transition (HAProxy's stats CSV). */
  status(replica: number): Promise<string>;
}

/** Three mocks and HAProxy in front of them with the committed deploy/haproxy.cfg, on loopback ports. */
export async function startCluster(args: string[] = []): Promise<Cluster> {
  const command = haproxyCommand();
  const processes = [1, 2, 3].map(() => startCli(['--port', '0', '--log-level', 'silent', ...args]));
  const urls = await Promise.all(processes.map((p) => p.listening));
  const [listen, stats] = [await freePort(), await freePort()];
  const env: Record<string, string> = { PATH: SEARCH_PATH, LISTEN: `127.0.0.1:${listen}`, STATS_LISTEN: `127.0.0.1:${stats}` };
  urls.forEach((url, i) => (env[`REPLICA_${i + 1}`] = new URL(url).host));
  const haproxy = startProcess(command, ['-db', '-f', HAPROXY_CFG], { env });
  const cluster: Cluster = {
    url: `http://127.0.0.1:${listen}`,
    statsUrl: `http://127.0.0.1:${stats}`,
    replicas: processes.map((child, i) => ({ process: child, url: urls[i] })),
    status: async (replica) => {
      const csv = (await call(cluster.statsUrl, 'GET', '/;csv')).text.split('\n');
      const fields = csv[0].replace(/^# /, '').split(',');
      const row = csv.map((line) => line.split(',')).find((cells) => cells[0] === 'replicas' && cells[1] === `replica-${replica + 1}`);
      return row?.[fields.indexOf('status')] ?? 'unknown';
    },
  };
  // Up once every replica passed its first check on the readiness probe.
  let up: string[] = [];
  await until('HAProxy to see the replicas up', async () => {
    up = await Promise.all([0, 1, 2].map((i) => cluster.status(i).catch(() => 'unknown')));
    return up.every((s) => s === 'UP');
  }).catch((err: Error) => Promise.reject(new Error(`${err.message}: ${up.join(', ')}\n${haproxy.output()}`)));
  return cluster;
}

/** Waits until `check` holds, polling; fails naming `what` after `limitMs`. */
export async function until(what: string, check: () => Promise<boolean>, limitMs = 15_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
