import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { resolveOptions, startServer } from '../src';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

interface Run {
  code: number | null;
  output: string;
}

/** Starts the built command line (what `npm start` runs) and waits for its first line. */
function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ended = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void ended.then(() => reject(new Error(`exited: ${output}`)));
  });
  // Tests that expect an early exit never await this promise.
  listening.catch(() => undefined);
  return { child, listening, ended };
}

describe('startServer', () => {
  it('serves both APIs and the health check on the port asked for', async () => {
    const server = await startServer({ port: 0 });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const health = await fetch(`${server.url}/__admin/health`);
      expect(health.status).toBe(200);
      const kms = await fetch(`${server.url}/v2/e9993fc787d94b6c886cbaa340f9c0f4/kms/keys/0d0466b0-e727-4d9c-b35d-f84bb474a37f/update-primary-region`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', primary_region: 'cn-east-3' }),
      });
      expect(kms.status).toBe(200);
      expect(await kms.json()).toEqual({ key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', primary_region: 'cn-east-3' });
    } finally {
      await server.close();
    }
  });
});

describe('options', () => {
  it('default to port 4010 on loopback', () => {
    expect(resolveOptions({}, {})).toMatchObject({ port: 4010, host: '127.0.0.1', validateResponses: true, rainbondManageToken: 'rbd-manage-token', logLevel: 'silent' });
  });

  it('read every setting from the environment', () => {
    const env = { PORT: '5055', HOST: '0.0.0.0', RAINBOND_MANAGE_TOKEN: 't', FIXTURES_DIR: '/tmp/f', BODY_LIMIT: '2048', VALIDATE_RESPONSES: 'false',
      JOURNAL_LIMIT: '50', MOCK_LATENCY_MS: '10-20', LOG_LEVEL: 'warn', DATA_FILE: '/tmp/state.json' };
    expect(resolveOptions({}, env)).toEqual({
      port: 5055, host: '0.0.0.0', rainbondManageToken: 't', fixturesDir: '/tmp/f', bodyLimit: 2048, validateResponses: false,
      journalLimit: 50, latency: { min: 10, max: 20 }, logLevel: 'warn', dataFile: '/tmp/state.json',
    });
  });

  it('let explicit options win over the environment', () => {
    expect(resolveOptions({ port: 0 }, { PORT: '5055' }).port).toBe(0);
  });

  it.each(['fast', '20-10', '5-200000'])('refuse MOCK_LATENCY_MS=%s', (value) => {
    expect(() => resolveOptions({}, { MOCK_LATENCY_MS: value })).toThrow('MOCK_LATENCY_MS: a latency must be "min-max"');
  });

  it('take a single MOCK_LATENCY_MS value as a fixed delay', () => {
    expect(resolveOptions({}, { MOCK_LATENCY_MS: '250' }).latency).toEqual({ min: 250, max: 250 });
  });

  it('refuse a BODY_LIMIT that is not a positive whole number', () => {
    expect(() => resolveOptions({}, { BODY_LIMIT: '1mb' })).toThrow('BODY_LIMIT must be a whole number');
  });

  it.each(['abc', '-1', '70000', '80.5'])('refuse PORT=%s with a clear message', (port) => {
    expect(() => resolveOptions({}, { PORT: port })).toThrow(`PORT must be a whole number from 0 to 65535, got "${port}"`);
  });
});

describe('the command line behind npm start', () => {
  it('serves on PORT, answers the health check and stops cleanly on SIGTERM', async () => {
    const { child, listening, ended } = startCli({ PORT: '0' });
    const url = await listening;
    const health = await fetch(`${url}/__admin/health`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    expect((await ended).code).toBe(0);
  });

  it('exits non-zero with a message on a bad PORT', async () => {
    const { ended } = startCli({ PORT: 'eighty' });
    const run = await ended;
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('PORT must be a whole number');
  });

  it('exits non-zero with a message when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await startCli({ PORT: String(port) }).ended;
      expect(run.code).not.toBe(0);
      expect(run.output).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });
});
