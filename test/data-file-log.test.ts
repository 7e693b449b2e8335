import fc from 'fast-check';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { buildApp, startServer } from '../src';
import type { Region } from '../src/apis/rainbond/types';
import { folderPerTest, startCli, type CliProcess } from './cli-process';
import { KEY_ID, MANAGE_TOKEN, primaryRegionPath, regionPath, validRegionUpdate } from './helpers';

/**
 * A data file large enough (about 0.5 MB) that a write appends its change to FILE.log instead
 * of writing FILE whole (docs/guarantees.md): what was acknowledged must still be what the
 * mock starts on after a kill, a torn last line, or a disk that refuses.
 */
const REGIONS = '/openapi/v2/manage/regions';
const rainbond = { 'Content-Type': 'application/json', Authorization: MANAGE_TOKEN };
type State = { rainbond: { regions: Region[] }; kms: { keys: Array<{ key_id: string; primary_region: string }> } };

const folder = folderPerTest('regionmock-log-');
let file: string;
beforeEach(() => {
  file = join(folder(), 'state.json');
  const state = structuredClone(buildApp().store.data) as unknown as State;
  const first = state.rainbond.regions[0];
  const generated = Array.from({ length: 500 }, (_, i) => ({ ...first, region_id: `gen${String(i).padStart(29, '0')}`, region_name: `gen-${i}`, region_alias: `生成${i}` }));
  state.rainbond.regions.push(...generated);
  writeFileSync(file, JSON.stringify(state, null, 2));
});

const stateOf = async (url: string) => (await (await fetch(`${url}/__admin/state`)).json()) as State;
const put = (url: string, id: string, alias: string) =>
  fetch(`${url}${regionPath(id)}`, { method: 'PUT', headers: rainbond, body: JSON.stringify({ ...validRegionUpdate(), region_alias: alias }) });
const create = (url: string, name: string) => fetch(`${url}${REGIONS}`, { method: 'POST', headers: rainbond, body: JSON.stringify({ ...validRegionUpdate(), region_name: name }) });
const remove = (url: string, id: string) => fetch(`${url}${regionPath(id)}`, { method: 'DELETE', headers: { Authorization: MANAGE_TOKEN } });

/** Some writes of every kind, each acknowledged; the state they leave. */
async function writeSome(url: string): Promise<State> {
  expect((await put(url, 'gen00000000000000000000000000250', 'changed in the middle')).status).toBe(200);
  expect((await create(url, 'added-at-the-end')).status).toBe(201);
  expect((await remove(url, 'gen00000000000000000000000000003')).status).toBe(200);
  const kms = { 'Content-Type': 'application/json', 'X-Auth-Token': 'kms-dev-token' };
  expect((await fetch(`${url}${primaryRegionPath(KEY_ID)}`, { method: 'PUT', headers: kms, body: JSON.stringify({ key_id: KEY_ID, primary_region: 'cn-east-3' }) })).status).toBe(200);
  expect((await put(url, 'gen00000000000000000000000000250', 'changed twice')).status).toBe(200);
  return stateOf(url);
}

/** kill -9: no graceful close, nothing flushed beyond what each answer waited for. */
async function crash(cli: CliProcess): Promise<void> {
  process.kill(-cli.child.pid!, 'SIGKILL');
  await cli.ended;
}

const mock = () => startCli(['--port', '0', '--data', file]);

/** A mock on FILE that acknowledges some writes and is then killed: what it acknowledged. */
async function writtenThenKilled(): Promise<State> {
  const first = mock();
  const acknowledged = await writeSome(await first.listening);
  await crash(first);
  return acknowledged;
}

describe('--data with a large state, from the command line', () => {
  it('keeps every acknowledged write through a kill -9 and a restart', async () => {
    const acknowledged = await writtenThenKilled();
    // The later writes went to the change log, not into FILE whole.
    expect(existsSync(`${file}.log`)).toBe(true);
    const second = mock();
    expect(await stateOf(await second.listening)).toEqual(acknowledged);
  });

  it('leaves FILE alone as the whole state after a clean stop', async () => {
    const cli = mock();
    const acknowledged = await writeSome(await cli.listening);
    expect((await cli.stop()).code).toBe(0);
    expect(existsSync(`${file}.log`)).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(acknowledged);
  });

  it('takes a torn last line of the log (a write cut short by a crash) as not written, and writes on after it', async () => {
    const acknowledged = await writtenThenKilled();
    appendFileSync(`${file}.log`, '{"change":[{"list":["rainbond","regions"],"at":2,"remove":1,"insert":[{"region_id":"torn');
    const second = mock();
    const url = await second.listening;
    expect(await stateOf(url)).toEqual(acknowledged);
    expect((await put(url, 'gen00000000000000000000000000400', 'after the tear')).status).toBe(200);
    expect((await put(url, 'gen00000000000000000000000000401', 'and another')).status).toBe(200);
    const later = await stateOf(url);
    await crash(second);
    const third = mock();
    expect(await stateOf(await third.listening)).toEqual(later);
  });

  it('starts on FILE as edited by hand while the mock was stopped, leaving the older log aside', async () => {
    await writtenThenKilled();
    const edited = JSON.parse(readFileSync(file, 'utf8')) as State;
    edited.rainbond.regions[0].region_alias = 'edited by hand';
    writeFileSync(file, JSON.stringify(edited));
    const second = mock();
    expect(await stateOf(await second.listening)).toEqual(edited);
  });

  it('stops start-up, naming the log, when a line before the last is damaged', async () => {
    await writtenThenKilled();
    const lines = readFileSync(`${file}.log`, 'utf8').split('\n');
    lines[1] = lines[1].slice(0, 20);
    writeFileSync(`${file}.log`, lines.join('\n'));
    const run = await startCli(['--data', file]).ended;
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Bad data file ${file}: its change log ${file}.log has a bad change on line 2`);
  });
});

describe('--data with a large state on a disk that refuses', () => {
  it.each([
    ['FILE', () => file],
    ['its change log', () => `${file}.log`],
  ])('refuses the change with nothing changed when %s cannot be written, and writes again once it can', async (_what, path) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await startServer({ port: 0, dataFile: file });
    try {
      expect((await put(server.url, 'gen00000000000000000000000000010', 'first')).status).toBe(200);
      expect((await put(server.url, 'gen00000000000000000000000000011', 'second')).status).toBe(200);
      const before = await stateOf(server.url);
      rmSync(path(), { force: true });
      mkdirSync(path());
      expect((await put(server.url, 'gen00000000000000000000000000012', 'refused')).status).toBe(500);
      expect(await stateOf(server.url)).toEqual(before);
      rmSync(path(), { recursive: true, force: true });
      expect((await put(server.url, 'gen00000000000000000000000000013', 'after the mend')).status).toBe(200);
      expect((await put(server.url, 'gen00000000000000000000000000014', 'and after that')).status).toBe(200);
      expect(buildApp({ dataFile: file }).store.data).toEqual(await stateOf(server.url));
    } finally {
      await server.close();
      errors.mockRestore();
    }
  });
});

type Step = { kind: 'update'; at: number; alias: string } | { kind: 'create' } | { kind: 'delete'; at: number } | { kind: 'restart'; torn: boolean } | { kind: 'reset' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('update' as const), at: fc.nat(), alias: fc.stringMatching(/^[a-z]{1,8}$/) }), weight: 4 },
  fc.record({ kind: fc.constant('create' as const) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('restart' as const), torn: fc.boolean() }),
  { arbitrary: fc.record({ kind: fc.constant('reset' as const) }), weight: 1 },
);

describe('--data with a large state, random writes and restarts', () => {
  it('always holds what a list of (id, alias) pairs says it should', async () => {
    const seed = (JSON.parse(readFileSync(file, 'utf8')) as State).rainbond.regions;
    const fixtures = buildApp().store.data.rainbond.regions as Region[];
    // Fixture regions that carry x-mock-status answer that status to every call about them.
    const forced = new Set(fixtures.filter((r) => 'x-mock-status' in r).map((r) => r.region_id));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 15 }), async (steps) => {
        rmSync(`${file}.log`, { force: true });
        writeFileSync(file, JSON.stringify({ ...buildApp().store.data, rainbond: { ...buildApp().store.data.rainbond, regions: seed } }));
        let mock = buildApp({ dataFile: file });
        let model = seed.map((r) => [r.region_id, r.region_alias]);
        let created = 0;
        for (const s of steps) {
          if (s.kind === 'restart') {
            if (s.torn && existsSync(`${file}.log`)) appendFileSync(`${file}.log`, '{"change":[{"list":["rainbond"');
            mock = buildApp({ dataFile: file });
          } else if (s.kind === 'reset') {
            expect((await request(mock.app).post('/__admin/reset')).status).toBe(200);
            model = fixtures.map((r) => [r.region_id, r.region_alias]);
          } else if (s.kind === 'create') {
            const res = await request(mock.app).post(REGIONS).set(rainbond).send({ ...validRegionUpdate(), region_name: `made-${(created += 1)}` });
            expect(res.status).toBe(201);
            model.push([(res.body as Region).region_id, validRegionUpdate().region_alias]);
          } else if (model.some(([id]) => !forced.has(id))) {
            const open = model.filter(([id]) => !forced.has(id));
            const [id] = open[s.at % open.length];
            if (s.kind === 'delete') {
              expect((await request(mock.app).delete(regionPath(id)).set('Authorization', MANAGE_TOKEN)).status).toBeLessThan(300);
              model = model.filter(([other]) => other !== id);
            } else {
              expect((await request(mock.app).put(regionPath(id)).set(rainbond).send({ ...validRegionUpdate(), region_alias: s.alias })).status).toBe(200);
              model = model.map(([other, alias]) => [other, other === id ? s.alias : alias]);
            }
          }
          const regions = mock.store.data.rainbond.regions as Region[];
          expect(regions.map((r) => [r.region_id, r.region_alias])).toEqual(model);
        }
        expect(buildApp({ dataFile: file }).store.data).toEqual(mock.store.data);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
