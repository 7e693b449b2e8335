import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectKms, expectRainbond, freshMock, KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = freshMock();
const fixtures = clone(shared.store.data);

const inSession = (session: string | undefined, alias: string) => {
  const req = request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN);
  if (session) req.set('X-Mock-Session', session);
  return req.send({ ...validRegionUpdate(), region_alias: alias });
};
const stateOf = async (session?: string) => {
  const req = request(shared.app).get('/__admin/state');
  if (session) req.set('X-Mock-Session', session);
  return (await req).body as typeof fixtures;
};
const aliasIn = (state: typeof fixtures) => (state.rainbond.regions as Region[]).find((r) => r.region_id === REGION_ID)?.region_alias;

describe('sessions (X-Mock-Session)', () => {
  it('let two sessions change the same region at once without seeing each other', async () => {
    const writes = [];
    for (let i = 0; i < 20; i += 1) writes.push(inSession('worker-a', `A${i}`), inSession('worker-b', `B${i}`));
    const answers = await Promise.all(writes);
    for (const res of answers) expectRainbond(res, 200);
    expect(aliasIn(await stateOf('worker-a'))).toMatch(/^A\d+$/);
    expect(aliasIn(await stateOf('worker-b'))).toMatch(/^B\d+$/);
    expect(await stateOf()).toEqual(fixtures);
    const journalA = (await request(shared.app).get('/__admin/requests').set('X-Mock-Session', 'worker-a')).body.requests;
    expect(journalA).toHaveLength(20);
    expect(journalA.every((e: { body: { region_alias: string } }) => e.body.region_alias.startsWith('A'))).toBe(true);
  });

  it('start a new session from the fixtures, whatever other sessions did', async () => {
    await inSession('dirty', 'changed');
    expect(await stateOf('fresh-one')).toEqual(fixtures);
  });

  it('keep faults to their own session', async () => {
    await request(shared.app).post('/__admin/faults').set('X-Mock-Session', 'faulty').send({ api: 'kms', status: 502 });
    const call = (session?: string) => {
      const req = request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token');
      if (session) req.set('X-Mock-Session', session);
      return req.send({ key_id: KEY_ID, primary_region: 'cn-north-4' });
    };
    expectKms(await call('faulty'), 502);
    expectKms(await call('healthy'), 200);
    expectKms(await call(), 200);
    expect((await request(shared.app).get('/__admin/faults')).body.faults).toEqual([]);
  });

  it('reset only the session named', async () => {
    await inSession('keep', 'kept');
    await inSession('wipe', 'wiped');
    await request(shared.app).post('/__admin/reset').set('X-Mock-Session', 'wipe');
    expect(aliasIn(await stateOf('wipe'))).toBe('默认集群');
    expect(aliasIn(await stateOf('keep'))).toBe('kept');
  });

  it('replace state only in the session named', async () => {
    const next = clone(fixtures);
    (next.rainbond.regions as Region[])[0].region_alias = 'replaced';
    await request(shared.app).put('/__admin/state').set('X-Mock-Session', 'replacer').send(next);
    expect(aliasIn(await stateOf('replacer'))).toBe('replaced');
    expect(await stateOf()).toEqual(fixtures);
  });

  it('refuse a session name the mock cannot take, in the vendor\'s shape, changing nothing', async () => {
    const res = await inSession('not a valid name!', 'x');
    expectRainbond(res, 400);
    expect(res.body.msg).toMatch(/regionmock: X-Mock-Session must be/);
    expect(await stateOf()).toEqual(fixtures);
    const kms = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Mock-Session', 'x'.repeat(65)).send({});
    expectKms(kms, 400);
    expect(kms.body.error.error_msg).toMatch(/X-Mock-Session/);
  });
});
