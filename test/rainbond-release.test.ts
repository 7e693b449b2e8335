import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { buildApp, ConfigError } from '../src';
import { startCli } from './cli-process';
import { clone, DocumentChecker, MANAGE_TOKEN, REGION_ID, regionPath, validRegionUpdate } from './helpers';

/**
 * `--rainbond-release 6.9.8`: the console's code at release v6.9.8 where it departs from
 * Rainbond's documentation, each departure from the file and line that causes it. Answers are
 * checked against the document as the mock serves it in that mode (the release's overlay applied).
 */
const mock = buildApp({ rainbondRelease: '6.9.8' });
beforeEach(() => mock.sessions.default.reset());
const served = new DocumentChecker(mock.documents.find((d) => d.name === 'rainbond')?.doc as object);
const LIST = '/openapi/v2/manage/regions';
const ONE = '/openapi/v2/manage/regions/{region_id}';
const regions = () => mock.store.data.rainbond.regions as Region[];
const as = (req: request.Test) => req.set('Authorization', MANAGE_TOKEN);

describe('release 6.9.8: the list', () => {
  it('fails any query with a 500 FieldError: region_repo.py:113 filters with `__constains`', async () => {
    const res = await as(request(mock.app).get(`${LIST}?query=rainbond`));
    served.expectAnswer(LIST, 'get', res, 500);
    expect(res.body).toMatchObject({
      code: 10401,
      msg: "Unsupported lookup 'constains' for CharField or join on the field not permitted, perhaps you meant contains or icontains?",
      error_type: 'FieldError',
      error_details: { module: 'django.core.exceptions' },
    });
    expect(res.body.msg_show).toBe(res.body.error_trace);
    expect(res.body.error_trace).toContain('File "/app/ui/console/repositories/region_repo.py", line 113, in get_all_regions');
  });

  it.each([
    ['?current=5&pageSize=3', '本页结果为空'],
    ['?current=-1', '页码小于 1'],
    ['?pageSize=-2', '本页结果为空'],
  ])('fails %s with a 500 EmptyPage from Django\'s Paginator (region_services.py:237)', async (query, message) => {
    const res = await as(request(mock.app).get(`${LIST}${query}`));
    served.expectAnswer(LIST, 'get', res, 500);
    expect(res.body).toMatchObject({ code: 10401, msg: message, error_type: 'EmptyPage', error_details: { args: [message], module: 'django.core.paginator' } });
  });

  it('still takes 0 as no paging (console/services/region_services.py:234, `if page and page_size`)', async () => {
    const res = await as(request(mock.app).get(`${LIST}?current=0`));
    served.expectAnswer(LIST, 'get', res, 200);
    expect(res.body.data).toHaveLength(10);
  });

  it('refuses its own answer once an alias is longer than 32 characters (region_view.py:46-47, region_serializer.py:62-77)', async () => {
    const put = await as(request(mock.app).put(regionPath(REGION_ID))).send({ ...validRegionUpdate(), region_alias: 'a'.repeat(33) });
    served.expectAnswer(ONE, 'put', put, 200);
    const res = await as(request(mock.app).get(`${LIST}?pageSize=2`));
    served.expectAnswer(LIST, 'get', res, 400);
    expect(res.body).toEqual({ detail: '参数错误', err: { data: [{ region_alias: ['请确保这个字段不能超过 32 个字符。'] }, {}] }, code: 20400, error_type: 'ValidationError' });
  });
});

describe('release 6.9.8: one region', () => {
  it('answers GET of a region that is not there with 200 and every field "" (region_repo.py:37-41)', async () => {
    const res = await as(request(mock.app).get(regionPath('no-such-region')));
    served.expectAnswer(ONE, 'get', res, 200);
    expect(Object.values(res.body)).toEqual(Array(14).fill(''));
  });

  it('answers PUT of a region that is not there with a 500 RegionNotExistException, after the body (region_services.py:496)', async () => {
    const bad = await as(request(mock.app).put(regionPath('no-such-region'))).send({});
    served.expectAnswer(ONE, 'put', bad, 400);
    const res = await as(request(mock.app).put(regionPath('no-such-region'))).send(validRegionUpdate());
    served.expectAnswer(ONE, 'put', res, 500);
    expect(res.body).toMatchObject({ msg: '数据中心no-such-region不存在', error_type: 'RegionNotExistException', error_details: { module: 'console.services.region_services' } });
  });

  it('sends a validation error without msg, as custom_exception_handler builds it (console/views/base.py:599-606)', async () => {
    const res = await as(request(mock.app).put(regionPath(REGION_ID))).send({ ...validRegionUpdate(), scope: 'x' });
    served.expectAnswer(ONE, 'put', res, 400);
    expect(res.body).toEqual({ detail: '参数错误', err: { scope: ['集群开放类型不正确'] }, code: 20400, error_type: 'ValidationError' });
  });
});

describe('release 6.9.8: creating', () => {
  it('requires region_id and status, which RegionInfoSerializer takes from the model (region_serializer.py:40-46)', async () => {
    const { region_alias, url, wsurl, httpdomain, tcpdomain } = validRegionUpdate();
    const res = await as(request(mock.app).post(LIST)).send({ region_name: 'new-one', region_alias, url, wsurl, httpdomain, tcpdomain });
    served.expectAnswer(LIST, 'post', res, 400);
    expect(res.body.err).toEqual({ region_id: ['该字段是必填项。'], status: ['该字段是必填项。'] });
    expect(Object.keys(res.body.err)[0]).toBe('region_id');
  });

  it('never creates: a valid body is a 404 "enterprise not found" ServiceHandleException (region_services.py:429-432)', async () => {
    const before = clone(regions());
    const res = await as(request(mock.app).post(LIST)).send({ ...validRegionUpdate(), region_id: 'a-new-id', region_name: 'new-one' });
    served.expectAnswer(LIST, 'post', res, 404);
    expect(res.body).toEqual({ code: 404, msg: 'enterprise not found', msg_show: '企业不存在', data: { bean: {}, list: [] } });
    expect(regions()).toEqual(before);
  });

  it('refuses a taken region_id as the unique model field does (console/models/main.py:967, unique=True)', async () => {
    const res = await as(request(mock.app).post(LIST)).send({ ...validRegionUpdate(), region_id: REGION_ID, region_name: 'new-one' });
    served.expectAnswer(LIST, 'post', res, 400);
    expect(res.body.err).toEqual({ region_id: ['具有 region id 的 region config 已存在。'] });
  });
});

describe('choosing a release', () => {
  it('serves the release\'s document: its overlay is applied where /__docs shows it', async () => {
    const doc = await request(mock.app).get('/__docs/specs/rainbond.openapi.yaml');
    expect(doc.status).toBe(200);
    expect(doc.text).toContain('enterprise not found');
    const documented = await request(buildApp().app).get('/__docs/specs/rainbond.openapi.yaml');
    expect(documented.text).not.toContain('enterprise not found');
  });

  it('takes v6.9.8-release and RAINBOND_RELEASE as well', async () => {
    process.env.RAINBOND_RELEASE = 'v6.9.8-release';
    try {
      const res = await as(request(buildApp().app).get(`${LIST}?query=x`));
      expect(res.status).toBe(500);
    } finally {
      delete process.env.RAINBOND_RELEASE;
    }
  });

  it('stops at an unknown release, in process and on the command line, naming those it knows', async () => {
    expect(() => buildApp({ rainbondRelease: '5.0' })).toThrow(ConfigError);
    expect(() => buildApp({ rainbondRelease: '5.0' })).toThrow(/Unknown Rainbond release "5.0".*6\.9\.8/);
    const run = await startCli(['--rainbond-release', '9.9.9', '--port', '0']).ended;
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Unknown Rainbond release "9.9.9".*knows 6\.9\.8/);
  });
});
