import request from 'supertest';
import { regionInfo } from '../src/apis/rainbond/service';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectDjangoNotFound, expectRainbond, freshMock, MANAGE_TOKEN, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const EDGE_ID = '3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d';

const shared = freshMock();
beforeEach(() => shared.store.reset());

/** One app for the file, its state back to the fixtures before each test. */
function setup() {
  const { app, store } = shared;
  const regions = () => store.data.rainbond.regions as Region[];
  const region = (id: string) => regions().find((r) => r.region_id === id);
  const put = (id: string, body: unknown, token: string | null = MANAGE_TOKEN) => {
    const req = request(app).put(regionPath(id));
    if (token !== null) req.set('Authorization', token);
    return req.send(body as object);
  };
  return { app, store, regions, region, put };
}

describe('Rainbond: who may update a region', () => {
  it('refuses a request without a token with 401 "No token" and WWW-Authenticate: Token', async () => {
    const { put, regions } = setup();
    const before = clone(regions());
    const res = await put(REGION_ID, validRegionUpdate(), null);
    expectRainbond(res, 401);
    expect(res.body).toMatchObject({ msg: 'No token', code: 401, error_type: 'AuthenticationFailed' });
    expect(res.headers['www-authenticate']).toBe('Token');
    expect(regions()).toEqual(before);
  });

  it.each([['Bearer rbd-manage-token'], ['rbd-manage-token2'], ['RBD-MANAGE-TOKEN'], ['other']])(
    'compares the token exactly: "%s" is 401 "token is invalid"',
    async (token) => {
      const { put, regions } = setup();
      const before = clone(regions());
      const res = await put(REGION_ID, validRegionUpdate(), token);
      expectRainbond(res, 401);
      expect(res.body.msg).toBe('token is invalid');
      expect(regions()).toEqual(before);
    },
  );

  it('knows rbd-readonly-token but refuses its writes with 403', async () => {
    const { put, regions } = setup();
    const before = clone(regions());
    const res = await put(REGION_ID, validRegionUpdate(), 'rbd-readonly-token');
    expectRainbond(res, 403);
    expect(res.body).toMatchObject({ code: 403, error_type: 'PermissionDenied' });
    expect(regions()).toEqual(before);
  });

  it('checks the token before the body', async () => {
    const { put } = setup();
    const res = await put('no-such-region', { url: 'nope' }, null);
    expectRainbond(res, 401);
  });

  it('takes the manage token from RAINBOND_MANAGE_TOKEN', async () => {
    process.env.RAINBOND_MANAGE_TOKEN = 'from-the-environment';
    try {
      const { app, store } = freshMock();
      const region = (id: string) => (store.data.rainbond.regions as Region[]).find((r) => r.region_id === id);
      const old = await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
      expectRainbond(old, 401);
      const res = await request(app).put(regionPath(REGION_ID)).set('Authorization', 'from-the-environment').send(validRegionUpdate());
      expectRainbond(res, 200);
      expect(region(REGION_ID)?.status).toBe('2');
    } finally {
      delete process.env.RAINBOND_MANAGE_TOKEN;
    }
  });
});

describe('Rainbond: updating a region', () => {
  it('answers all 14 fields and stores the change', async () => {
    const { put, region } = setup();
    const res = await put(REGION_ID, validRegionUpdate());
    expectRainbond(res, 200);
    const expected = {
      ...regionInfo(clone(region(REGION_ID)!)),
      ...validRegionUpdate(),
    };
    expect(Object.keys(res.body)).toHaveLength(14);
    expect(res.body).toEqual(expected);
    expect(region(REGION_ID)).toMatchObject(validRegionUpdate());
  });

  it('never changes region_id or region_name, even when the body sends them', async () => {
    const { put, region } = setup();
    const res = await put(REGION_ID, { ...validRegionUpdate(), region_id: 'hijack', region_name: 'renamed' });
    expectRainbond(res, 200);
    expect(res.body).toMatchObject({ region_id: REGION_ID, region_name: 'rainbond' });
    expect(region(REGION_ID)).toMatchObject({ region_id: REGION_ID, region_name: 'rainbond' });
    expect(region('hijack')).toBeUndefined();
  });

  it('keeps desc and scope when omitted and changes them when sent', async () => {
    const { put, region } = setup();
    const kept = await put(EDGE_ID, validRegionUpdate());
    expectRainbond(kept, 200);
    expect(kept.body).toMatchObject({ desc: 'Edge cluster under maintenance', scope: 'public' });
    const changed = await put(EDGE_ID, { ...validRegionUpdate(), desc: 'moved', scope: 'private' });
    expectRainbond(changed, 200);
    expect(region(EDGE_ID)).toMatchObject({ desc: 'moved', scope: 'private' });
  });

  it('sets omitted certificate fields to null and stores the ones sent, trimmed as a CharField trims', async () => {
    const { put, region } = setup();
    expect(region(EDGE_ID)?.cert_file).toContain('BEGIN CERTIFICATE');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const res = await put(EDGE_ID, { ...validRegionUpdate(), ssl_ca_cert: `${pem}\n` });
    expectRainbond(res, 200);
    expect(res.body).toMatchObject({ ssl_ca_cert: pem, cert_file: null, key_file: null });
    expect(region(EDGE_ID)).toMatchObject({ ssl_ca_cert: pem, cert_file: null, key_file: null });
  });

  it('accepts token but does not store it, as the console does', async () => {
    const { put, region } = setup();
    const res = await put(EDGE_ID, { ...validRegionUpdate(), token: 'new-region-token' });
    expectRainbond(res, 200);
    expect(res.body.token).toBe('8f14e45fceea167a5a36dedd4bea2543');
    expect(region(EDGE_ID)?.token).toBe('8f14e45fceea167a5a36dedd4bea2543');
  });

  it('answers 404 "修改的数据中心不存在" for an unknown region and changes nothing', async () => {
    const { put, regions } = setup();
    const before = clone(regions());
    const res = await put('0123456789abcdef0123456789abcdef', validRegionUpdate());
    expectRainbond(res, 404);
    expect(res.body).toEqual({ msg: '修改的数据中心不存在' });
    expect(regions()).toEqual(before);
  });

  it.each([
    [500, { code: 10401, error_type: 'OperationalError', error_details: { module: 'django.db.utils' } }],
    [502, { msg: 'Bad Gateway' }],
    [504, { msg: 'Gateway Timeout' }],
  ])('answers %i from its fail- region to a request that would otherwise succeed, changing nothing', async (status, body) => {
    const { put, region } = setup();
    const before = clone(region(`fail-${status}`));
    const res = await put(`fail-${status}`, validRegionUpdate());
    expectRainbond(res, status);
    expect(res.body).toMatchObject(body);
    expect(region(`fail-${status}`)).toEqual(before);
  });

  it('answers a bad body on fail-500 with 400: the forced status only replaces a success', async () => {
    const { put } = setup();
    const res = await put('fail-500', { ...validRegionUpdate(), status: '9' });
    expectRainbond(res, 400);
  });
});

describe('Rainbond: a body the document refuses', () => {
  it('is checked before the region is looked up (400, not 404)', async () => {
    const { put } = setup();
    const res = await put('0123456789abcdef0123456789abcdef', { url: 'x' });
    expectRainbond(res, 400);
  });

  it('answers 400 with code 20400 and every failing field in err', async () => {
    const { put, regions } = setup();
    const before = clone(regions());
    const res = await put(REGION_ID, {
      region_alias: '   ',
      url: 'files.example.com',
      wsurl: 'not a url',
      tcpdomain: 'x'.repeat(257),
      status: '9',
      scope: 'galaxy',
      desc: null,
    });
    expectRainbond(res, 400);
    expect(res.body).toMatchObject({ code: 20400, detail: '参数错误', error_type: 'ValidationError' });
    expect(res.body.msg.length).toBeGreaterThan(0);
    // The serializers' field order, DRF's zh_Hans texts and the console's own (region_serializer.py:12-36).
    expect(Object.keys(res.body.err)).toEqual(['region_alias', 'url', 'wsurl', 'httpdomain', 'tcpdomain', 'scope', 'status', 'desc']);
    expect(res.body.err).toEqual({
      region_alias: ['该字段不能为空。'],
      url: ['集群API地址非法'],
      wsurl: ['集群Websocket地址非法'],
      httpdomain: ['该字段是必填项。'],
      tcpdomain: ['请确保这个字段不能超过 256 个字符。'],
      status: ['集群状态值不正确'],
      scope: ['集群开放类型不正确'],
      desc: ['该字段不能为 null。'],
    });
    expect(regions()).toEqual(before);
  });

  it('treats a missing body as empty: every required field is named', async () => {
    const { app } = setup();
    const res = await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN);
    expectRainbond(res, 400);
    expect(Object.keys(res.body.err).sort()).toEqual(['httpdomain', 'region_alias', 'status', 'tcpdomain', 'url', 'wsurl']);
  });

  it.each([
    ['alias longer than 64', { region_alias: 'a'.repeat(65) }, 'region_alias'],
    ['desc longer than 200', { desc: 'd'.repeat(201) }, 'desc'],
    ['token longer than 255', { token: 't'.repeat(256) }, 'token'],
    ['url without a host', { url: 'https://' }, 'url'],
    ['url as a number', { url: 8443 }, 'url'],
    ['status as true', { status: true }, 'status'],
    ['an IPv6 url', { url: 'https://[::1]:8443/api' }, 'url'],
    ['a single-label wsurl', { wsurl: 'ws://region' }, 'wsurl'],
  ])('refuses %s', async (_what, change, field) => {
    const { put, regions } = setup();
    const before = clone(regions());
    const res = await put(REGION_ID, { ...validRegionUpdate(), ...change });
    expectRainbond(res, 400);
    expect(Object.keys(res.body.err)).toEqual([field]);
    expect(regions()).toEqual(before);
  });

  it.each([['http://192.168.2.225:8443'], ['ftp://files.example.com'], ['ws://localhost:6060'], ['wss://region.goodrain.me:6060']])(
    'accepts the URL %s',
    async (url) => {
      const { put, region } = setup();
      const res = await put(REGION_ID, { ...validRegionUpdate(), url, wsurl: url });
      expectRainbond(res, 200);
      expect(region(REGION_ID)?.url).toBe(url);
    },
  );

  it('answers malformed JSON with a 400 Fail after checking the token', async () => {
    const { app, regions } = setup();
    const before = clone(regions());
    const anonymous = await request(app).put(regionPath(REGION_ID)).set('Content-Type', 'application/json').send('{"url": ');
    expectRainbond(anonymous, 401);
    const res = await request(app)
      .put(regionPath(REGION_ID))
      .set('Authorization', MANAGE_TOKEN)
      .set('Content-Type', 'application/json')
      .send('{"url": ');
    expectRainbond(res, 400);
    expect(res.body.msg).toMatch(/^JSON parse error/);
    expect(regions()).toEqual(before);
  });

  it('answers a body over the size limit with a 400 Fail', async () => {
    const small = freshMock({ bodyLimit: 100 });
    const res = await request(small.app)
      .put(regionPath(REGION_ID))
      .set('Authorization', MANAGE_TOKEN)
      .send({ ...validRegionUpdate(), desc: 'x'.repeat(150) });
    expectRainbond(res, 400);
    expect(res.body.msg).toContain('larger than 100 bytes');
  });

  it('answers a body of a type no parser reads with 415 UnsupportedMediaType (rest_framework/request.py:356)', async () => {
    const { app } = setup();
    const res = await request(app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'text/plain').send('region_alias=x');
    expectRainbond(res, 415);
    expect(res.body).toMatchObject({ detail: '不支持请求中的媒体类型 “text/plain”。', code: 415, error_type: 'UnsupportedMediaType' });
  });

  it('answers a JSON list instead of an object with a 400 naming non_field_errors', async () => {
    const { put } = setup();
    const res = await put(REGION_ID, [validRegionUpdate()]);
    expectRainbond(res, 400);
    expect(res.body.err.non_field_errors).toEqual(['无效数据。期待为字典类型，得到的是 list 。']);
  });

  it("answers a region id its URL pattern refuses with Django's HTML 404, as the console does", async () => {
    const { put } = setup();
    const res = await put('bad%20id', validRegionUpdate());
    expectDjangoNotFound(res);
  });
});
