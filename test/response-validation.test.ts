import { Low } from 'lowdb';
import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectKms, expectRainbond, freshMock, KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

/** Puts a value in the state that no fixture could hold (past the admin API's checks), so the next answer breaks its document. */
async function withCorruptRegion(validateResponses?: boolean) {
  const mock = freshMock({ validateResponses });
  const state = clone(mock.store.data);
  (state.rainbond.regions as Region[]).find((r) => r.region_id === REGION_ID)!.region_name = '';
  await mock.store.replace(state);
  return mock;
}

describe('response validation', () => {
  it('is on by default: an answer that breaks the document becomes a 500 naming the bug', async () => {
    const { app } = await withCorruptRegion();
    const res = await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 500);
    expect(res.body.msg).toMatch(/regionmock bug: updateRegion answered 200 with a body its document does not allow: \/region_name/);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/regionmock bug/));
  });

  it('can be turned off, and then the broken answer goes out as it is', async () => {
    const { app } = await withCorruptRegion(false);
    const res = await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expect(res.status).toBe(200);
    expect(res.body.region_name).toBe('');
  });
});

describe('a write that cannot be stored', () => {
  it('changes nothing and answers 500 in the vendor\'s shape', async () => {
    const { app, store } = freshMock();
    const before = clone(store.data);
    const write = jest.spyOn(Low.prototype, 'write').mockRejectedValueOnce(new Error('disk full'));
    try {
      const region = await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
      expectRainbond(region, 500);
      expect(region.body).toMatchObject({ code: 10401, msg: 'regionmock could not write its data file (disk full); the change was not made' });
      expect(store.data).toEqual(before);
      write.mockRejectedValueOnce(new Error('disk full'));
      const key = await request(app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
      expectKms(key, 500);
      expect(key.body).toEqual({ error: { error_code: 'KMS.0103', error_msg: expect.any(String) } });
      expect(store.data).toEqual(before);
    } finally {
      write.mockRestore();
    }
  });
});
