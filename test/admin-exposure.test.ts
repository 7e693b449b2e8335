import { killAll, startCli } from './cli-process';

afterEach(() => {
  killAll();
});

const WARNING = /regionmock: warning: the admin API listens on 0\.0\.0\.0, .*without a token.*--admin-token \(ADMIN_TOKEN\)/;
const REFUSAL = /Refusing to start: with --proxy.*--admin-token \(ADMIN_TOKEN\).*--admin-open \(ADMIN_OPEN=true\)/;
// Nothing listens there: the refusal comes before any call would be forwarded.
const PROVIDER = 'http://127.0.0.1:9';

describe('an admin API without a token on a network address', () => {
  it('is said once at start-up, naming the risk and the flag', async () => {
    const cli = startCli(['--host', '0.0.0.0', '--port', '0']);
    await cli.listening;
    const { output } = await cli.stop();
    expect(output.match(new RegExp(WARNING.source, 'g'))).toHaveLength(1);
  });

  it.each([
    ['a token', ['--host', '0.0.0.0', '--admin-token', 'adm']],
    ['a loopback address', ['--host', '127.0.0.1']],
    ['no admin API', ['--host', '0.0.0.0', '--no-admin']],
    ['--log-level error', ['--host', '0.0.0.0', '--log-level', 'error']],
  ])('is not said with %s', async (_name, args: string[]) => {
    const cli = startCli(['--port', '0', ...args]);
    await cli.listening;
    const { output } = await cli.stop();
    expect(output).not.toContain('warning');
  });

  it.each([
    ['flags', ['--host', '0.0.0.0', '--port', '0', '--proxy', PROVIDER], {}],
    ['environment variables', [], { HOST: '0.0.0.0', PORT: '0', PROXY_URL: PROVIDER }],
  ])('with --proxy refuses to start, given as %s', async (_how, args: string[], env: Record<string, string>) => {
    const { code, output } = await startCli(args, env).ended;
    expect(code).toBe(1);
    expect(output).toMatch(REFUSAL);
    expect(output).not.toContain('listening');
  });

  it.each([
    ['--admin-open', ['--admin-open'], {}],
    ['ADMIN_OPEN=true', [], { ADMIN_OPEN: 'true' }],
  ])('with --proxy starts when %s accepts it, and still warns', async (_how, args: string[], env: Record<string, string>) => {
    const cli = startCli(['--host', '0.0.0.0', '--port', '0', '--proxy', PROVIDER, ...args], env);
    await cli.listening;
    const { output } = await cli.stop();
    expect(output).toMatch(WARNING);
  });

  it('with --proxy and a token starts without a word', async () => {
    const cli = startCli(['--host', '0.0.0.0', '--port', '0', '--proxy', PROVIDER], { ADMIN_TOKEN: 'adm' });
    await cli.listening;
    const { output } = await cli.stop();
    expect(output).not.toContain('warning');
  });

  it('refuses ADMIN_OPEN that is not true or false', async () => {
    const { code, output } = await startCli(['--port', '0'], { ADMIN_OPEN: 'yes' }).ended;
    expect(code).toBe(1);
    expect(output).toContain('ADMIN_OPEN must be true or false, got "yes"');
  });
});
