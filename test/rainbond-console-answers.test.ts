import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectDjangoNotFound, expectRainbond, MANAGE_TOKEN, rainbondDoc, REGION_ID, regionPath, sharedMock, validRegionUpdate } from './helpers';

/** What the console answers and in which order, each from the file that decides it (goodrain/rainbond-console v6.9.8, DRF 3.16.0). */
const shared = sharedMock();
const LIST = '/openapi/v2/manage/regions';
const ONE = '/openapi/v2/manage/regions/{region_id}';
const regions = () => shared.store.data.rainbond.regions as Region[];

describe("the order of APIView.dispatch and initial() (rest_framework/views.py:405-422, 491-518; openapi/v2/views/base.py)", () => {
  // One request, bad in every way: method, body and token; each fix reveals the next check.
  const send = (method: 'patch' | 'put', token?: string, type = 'application/json', body = '{bad') => {
    const req = request(shared.app)[method](regionPath(REGION_ID)).set('Content-Type', type);
    return (token ? req.set('Authorization', token) : req).send(body);
  };

  it('checks the token first, whatever the method and the body: 401 with WWW-Authenticate: Token', async () => {
    for (const res of [await send('patch'), await send('put'), await send('patch', 'wrong')]) {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Token');
    }
  });

  it('then the method, for a caller who authenticated: 405 in the APIException envelope, with the view\'s Allow', async () => {
    const res = await send('patch', MANAGE_TOKEN);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, PUT, DELETE, HEAD, OPTIONS');
    expect(res.body).toEqual({
      detail: '方法 “PATCH” 不被允许。', code: 405, msg: '方法 “PATCH” 不被允许。', msg_show: '方法 “PATCH” 不被允许。',
      error_type: 'MethodNotAllowed', error_trace: expect.stringContaining('rest_framework.exceptions.MethodNotAllowed: 方法 “PATCH” 不被允许。\n'),
    });
  });

  it('then the body, when the view reads it: malformed JSON 400, a type no parser reads 415, then the serializer', async () => {
    expectRainbond(await send('put', MANAGE_TOKEN), 400);
    expectRainbond(await send('put', MANAGE_TOKEN, 'text/plain'), 415);
    const res = await send('put', MANAGE_TOKEN, 'application/json', '{}');
    expectRainbond(res, 400);
    expect(res.body.error_type).toBe('ValidationError');
  });

  it('never reads the body of a GET or a DELETE', async () => {
    const res = await request(shared.app).get(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'text/plain').send('{bad');
    rainbondDoc.expectAnswer(ONE, 'get', res, 200);
  });
});

describe("the console's envelopes (console/views/base.py:567-689)", () => {
  it('401: detail, code, msg, msg_show, error_type and error_trace, a traceback in the console\'s form', async () => {
    const res = await request(shared.app).get(LIST);
    rainbondDoc.expectAnswer(LIST, 'get', res, 401);
    expect(Object.keys(res.body)).toEqual(['detail', 'code', 'msg', 'msg_show', 'error_type', 'error_trace']);
    expect(res.body).toMatchObject({ detail: 'No token', code: 401, msg: 'No token', msg_show: 'No token', error_type: 'AuthenticationFailed' });
    const trace: string = res.body.error_trace;
    expect(trace.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(trace).toContain('File "/app/ui/openapi/v2/auth/authentication.py", line 36, in authenticate');
    expect(trace.endsWith('rest_framework.exceptions.AuthenticationFailed: No token\n')).toBe(true);
    // Never a place of this project.
    expect(trace).not.toMatch(/src\/|\.ts|regionmock|node_modules/);
  });

  it("documents the traces it sends: each example's error_trace is the mock's own for that request", async () => {
    const doc = rainbondDoc.doc as unknown as { components: { responses: Record<string, { content: { 'application/json': { example: { error_trace: string } } } }> } };
    const example = (name: string) => doc.components.responses[name].content['application/json'].example.error_trace;
    const text = (req: request.Test) => req.set('Authorization', MANAGE_TOKEN).set('Content-Type', 'text/plain').send('x');
    expect((await text(request(shared.app).put(regionPath(REGION_ID)))).body.error_trace).toBe(example('UnsupportedMediaType'));
    expect((await text(request(shared.app).post(LIST))).body.error_trace).toBe(example('UnsupportedMediaTypeOnCreate'));
    expect((await request(shared.app).get(LIST)).body.error_trace).toBe(example('Unauthorized'));
  });

  it('a validation error: detail 参数错误, err, code 20400, error_type; msg added because the documented Fail requires it', async () => {
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), status: '7' });
    expectRainbond(res, 400);
    expect(res.body).toEqual({ detail: '参数错误', err: { status: ['集群状态值不正确'] }, code: 20400, error_type: 'ValidationError', msg: '参数错误' });
  });

  it('answers JSON as DRF renders it: application/json without a charset, Allow and Vary on every view answer', async () => {
    const res = await request(shared.app).get(LIST).set('Authorization', MANAGE_TOKEN);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    expect(res.headers.vary).toBe('Accept');
  });

  it("keeps the CORS answer's Vary: Origin beside DRF's Vary: Accept, for a page's call", async () => {
    const res = await request(shared.app).get(LIST).set('Authorization', MANAGE_TOKEN).set('Origin', 'http://localhost:5173');
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers.vary?.split(/,\s*/).sort()).toEqual(['Accept', 'Origin']);
  });

  it('is in Chinese whatever Accept-Language says: the console has no LocaleMiddleware (goodrain_web/settings.py)', async () => {
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Accept-Language', 'en').send({});
    expect(res.body.err.url).toEqual(['该字段是必填项。']);
  });
});

describe("Django's URL patterns (openapi/v2/urls.py:9,12) and its 404 page with DEBUG off", () => {
  it.each(['/openapi/v2/manage/regions/', `/openapi/v2/manage/regions/${REGION_ID}/`, '/openapi/v2/manage/regions/a.b', '/openapi/v2/manage/clusters', '/openapi/v1/whatever'])(
    'answers %s with the HTML page, before any token is asked for',
    async (path) => {
      expectDjangoNotFound(await request(shared.app).put(path).send(validRegionUpdate()));
      expectDjangoNotFound(await request(shared.app).get(path));
    },
  );

  it('routes an id of word characters in any script, and answers it as a region that is not there', async () => {
    const res = await request(shared.app).get(regionPath(encodeURIComponent('集群_1-a'))).set('Authorization', MANAGE_TOKEN);
    rainbondDoc.expectAnswer(ONE, 'get', res, 404);
    expect(res.body).toEqual({ msg: '数据中心不存在' });
  });
});

describe('the list as the view reads its page (openapi/v2/views/region_view.py:36-44, console/services/region_services.py:229-238)', () => {
  const list = async (query: string) => {
    const res = await request(shared.app).get(`${LIST}${query}`).set('Authorization', MANAGE_TOKEN);
    rainbondDoc.expectAnswer(LIST, 'get', res, 200);
    return res.body as { total: number; data: Array<{ region_name: string }> };
  };

  it.each([
    ['?current=0&pageSize=2', 10],
    ['?current=1&pageSize=0', 10],
    ['?current=%202%20&pageSize=3', 3],
    ['?current=%2B2&pageSize=3', 3],
    ['?current=1&pageSize=1_0', 10],
    [`?current=${encodeURIComponent('٢')}&pageSize=3`, 3],
    ['?current=abc&pageSize=x', 10],
    ['?current=-1&pageSize=-4', 10],
    ['?current=5&pageSize=3', 0],
  ])('%s holds %i regions, the total still all of them', async (query, count) => {
    const page = await list(query);
    expect(page.data).toHaveLength(count);
    expect(page.total).toBe(10);
  });

  it('reads a page in any script\'s digits as Python\'s int() does: ٢ is page 2', async () => {
    const second = await list('?current=2&pageSize=3');
    expect((await list(`?current=${encodeURIComponent('٢')}&pageSize=3`)).data).toEqual(second.data);
  });
});

describe('creating a region (openapi/v2/views/region_view.py:78-93)', () => {
  it('does not read a region_id from the body, and gives the region a new one', async () => {
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'new-one', region_id: REGION_ID });
    rainbondDoc.expectAnswer(LIST, 'post', res, 201);
    expect(res.body.region_id).toMatch(/^[0-9a-f]{32}$/);
    expect(regions().filter((r) => r.region_id === REGION_ID)).toHaveLength(1);
  });

  it('refuses a taken name in another case, and every other failing field with it', async () => {
    const before = clone(regions());
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'RAINBOND', tcpdomain: 'host' });
    rainbondDoc.expectAnswer(LIST, 'post', res, 400);
    expect(res.body.err).toEqual({ region_name: ['具有 region name 的 region config 已存在。'], tcpdomain: ['TCP访问地址非法'] });
    expect(regions()).toEqual(before);
  });
});

describe('deleting a region (openapi/v2/views/region_view.py:147-155)', () => {
  it('answers the deleted row as the serializer reads it again: certificates trimmed', async () => {
    const id = '3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d';
    const stored = regions().find((r) => r.region_id === id) as Region;
    expect(stored.cert_file?.endsWith('\n')).toBe(true);
    const res = await request(shared.app).delete(regionPath(id)).set('Authorization', MANAGE_TOKEN);
    rainbondDoc.expectAnswer(ONE, 'delete', res, 200);
    expect(res.body.cert_file).toBe(stored.cert_file?.trim());
    expect(regions().some((r) => r.region_id === id)).toBe(false);
  });
});
