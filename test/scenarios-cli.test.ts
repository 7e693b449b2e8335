import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPerTest, startCli } from './cli-process';
import { MANAGE_TOKEN, REGION_ID, regionPath } from './helpers';

const folder = folderPerTest('regionmock-scenario-cli-');

const regionStatus = async (url: string) => (await fetch(`${url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN } })).status;

describe('regionmock --scenario', () => {
  it.each([
    ['the flag', ['--port', '0', '--scenario', 'expired-token'], {}],
    ['its variable', ['--port', '0'], { SCENARIO: 'expired-token' }],
  ])('starts the default session with a built-in scenario (%s)', async (_how, args, env) => {
    const cli = startCli(args, env);
    const url = await cli.listening;
    expect(await regionStatus(url)).toBe(401);
    expect((await fetch(`${url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN, 'X-Mock-Session': 'other' } })).status).toBe(200);
    expect((await fetch(`${url}/__admin/reset`, { method: 'POST' })).status).toBe(200);
    expect(await regionStatus(url)).toBe(200);
  });

  it('takes a name from --scenarios DIR, and a file', async () => {
    writeFileSync(join(folder(), 'gone.yaml'), `name: region-gone\napis:\n  rainbond:\n    regions:\n      removed: [${REGION_ID}]\n`);
    const byName = startCli(['--port', '0', '--scenarios', folder(), '--scenario', 'region-gone']);
    expect(await regionStatus(await byName.listening)).toBe(404);
    const byFile = startCli(['--port', '0', '--scenario', join(folder(), 'gone.yaml')]);
    expect(await regionStatus(await byFile.listening)).toBe(404);
  });

  it('refuses to start on a scenario it refuses, naming the file and the pointer and not its content', async () => {
    const file = join(folder(), 'bad.yaml');
    writeFileSync(file, 'name: bad\nfaults:\n  - api: kms\n    status: 200\n    token: secret-token-in-a-scenario\n  - api: nope\n    status: 500\n');
    const run = await startCli(['--port', '0', '--scenario', file]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(file);
    expect(run.output).toContain('/faults/1/api');
    expect(run.output).not.toContain('listening');
    expect(run.output).not.toContain('secret-token-in-a-scenario');
  });

  it('refuses a name that is neither a scenario nor a file', async () => {
    const run = await startCli(['--port', '0', '--scenario', 'gateway-down']).ended;
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/No scenario named gateway-down/);
  });
});
