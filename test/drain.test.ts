import { connect } from 'node:net';
import { killAll, startCli } from './cli-process';
import { wire } from './raw-http';
import { until } from './balancer';
import { MANAGE_TOKEN, REGION_ID, regionPath } from './helpers';

afterEach(killAll);

/** A connection holding a request whose headers are not complete yet: the server counts it as under way. */
function startedRequest(port: number, head: string) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      // Everything but the blank line that ends the headers.
      socket.write(head.slice(0, -2));
      resolve();
    });
    socket.once('error', reject);
  });
  return { connected, finish: () => socket.write('\r\n'), closed };
}

describe('draining on SIGTERM', () => {
  it('answers 503 on /__admin/ready, finishes the slow call under way with its normal answer, refuses new connections, then exits 0', async () => {
    const mock = startCli(['--port', '0', '--log-level', 'silent']);
    const url = await mock.listening;
    const port = Number(new URL(url).port);
    const fixture = await (await fetch(`${url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN } })).json();
    const slow = fetch(`${url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN, Prefer: 'delay=1500' } });
    const probe = startedRequest(port, wire({ method: 'GET', path: '/__admin/ready' }));
    await probe.connected;
    await until('the slow call to be under way', async () => /^regionmock_calls_in_flight 1$/m.test(await (await fetch(`${url}/__admin/metrics`)).text()));
    const ended = mock.stop();
    await until('the mock to start draining', async () => mock.output().includes('regionmock draining'));
    probe.finish();
    const readyAnswer = await probe.closed;
    expect(readyAnswer).toMatch(/^HTTP\/1\.1 503 /);
    expect(readyAnswer).toMatch(/\r\nConnection: close\r\n/i);
    expect(readyAnswer.endsWith('{"status":"draining"}')).toBe(true);
    // A new connection is refused while the slow call still runs.
    await expect(fetch(`${url}/__admin/ready`)).rejects.toThrow();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(fixture);
    expect((await ended).code).toBe(0);
  });
});

describe('the drain timeout (--drain-timeout, DRAIN_TIMEOUT_MS)', () => {
  it('lets a call under way outlast the default 5 s when set longer', async () => {
    const mock = startCli(['--port', '0', '--log-level', 'silent'], { DRAIN_TIMEOUT_MS: '30000' });
    const url = await mock.listening;
    const slow = fetch(`${url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN, Prefer: 'delay=6000' } });
    await until('the slow call to be under way', async () => /^regionmock_calls_in_flight 1$/m.test(await (await fetch(`${url}/__admin/metrics`)).text()));
    const ended = mock.stop();
    expect((await slow).status).toBe(200);
    expect((await ended).code).toBe(0);
  }, 30_000);
});

describe('bad values for --drain-timeout and --metrics', () => {
  it.each([
    [['--drain-timeout', 'soon'], 'DRAIN_TIMEOUT_MS must be a whole number from 0 to 3600000, got "soon"'],
    [['--metrics', 'maybe'], 'METRICS must be on or off, got "maybe"'],
  ])('stops start-up on a bad value: %j', async (args, message) => {
    const run = await startCli(args).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(message);
  });
});
