import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectRainbond, MANAGE_TOKEN, rainbondDoc, REGION_ID, regionPath, sharedMock, validRegionUpdate } from './helpers';

/**
 * How the console reads a region body, each rule from the console's source (goodrain/rainbond-console
 * v6.9.8) or Django REST framework 3.16.0's, which it runs on. Expected results of the regexes were
 * taken from Python's `re` running the console's own patterns.
 */
const shared = sharedMock();
const LIST = '/openapi/v2/manage/regions';
const regions = () => shared.store.data.rainbond.regions as Region[];
const region = () => regions().find((r) => r.region_id === REGION_ID) as Region;

const put = (body: unknown) => request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(body as object);
const putRaw = (type: string, text: string | Buffer) => request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', type).send(text);

/** Sends one changed field; expects either the stored value or the field's messages, nothing else changed on refusal. */
async function field(name: string, value: unknown, expected: { stored: unknown } | { err: string[] }) {
  const before = clone(regions());
  const res = await put({ ...validRegionUpdate(), [name]: value });
  if ('stored' in expected) {
    expectRainbond(res, 200);
    expect((region() as unknown as Record<string, unknown>)[name]).toEqual(expected.stored);
    expect((res.body as Record<string, unknown>)[name]).toEqual(expected.stored);
  } else {
    expectRainbond(res, 400);
    expect(res.body.err).toEqual({ [name]: expected.err });
    expect(regions()).toEqual(before);
  }
}

describe('url and wsurl: urlregex applied with re.match and IGNORECASE (openapi/serializer/utils.py:11-18, region_serializer.py:13-21)', () => {
  it.each([
    'ftp://files.example.com', 'FTPS://Files.Example.COM/x', 'http://localhost', 'http://LOCALHOST:8080/', 'http://999.999.999.999',
    'http://10.0.0.1:65536999', 'https://a.bc?x=1', 'ws://a-b.example.com/path/to', 'http://example.com.', 'http://١.١.١.١', 'http://Ka.com',
  ])('accepts %s', async (url) => {
    await field('url', url, { stored: url });
    await field('wsurl', url, { stored: url });
  });

  it.each([
    'http://region', 'https://[::1]:8443', 'http://user@a.example.com', 'http://a.example.com#frag', 'http://a.example.com/has space', 'gopher://a.example.com',
    'http://a.b', 'http://-a.example.com', 'http://1.2.3', 'http://a_b.example.com', 'httpss://a.example.com', 'http://a.example.com:', 'http://1234.1.1.1',
  ])('refuses %s with the console\'s own words', async (url) => {
    await field('url', url, { err: ['集群API地址非法'] });
    await field('wsurl', url, { err: ['集群Websocket地址非法'] });
  });
});

describe('tcpdomain: ipregex applied with re.match, anchored at the start only (openapi/serializer/utils.py:19, region_serializer.py:23-26)', () => {
  it.each(['47.104.161.96', '255.255.255.255', '1.2.3.256', '1.2.3.4abc', '1.2.3.4.5', '001.002.003.004', '10.0.0.1/24', '١.١.١.١'])('accepts %s', async (value) => {
    await field('tcpdomain', value, { stored: value });
  });

  it.each(['256.1.1.1', '1.256.1.1', 'a.b.c.d', '::1', 'example.com', '1.2.3'])('refuses %s', async (value) => {
    await field('tcpdomain', value, { err: ['TCP访问地址非法'] });
  });
});

describe('each field is a CharField (rest_framework/fields.py:722-769) of RegionConfig (console/models/main.py:963-985)', () => {
  it.each([
    [1, '1'],
    [3, '3'],
  ])('reads the number %p as the status %p', async (value, text) => {
    await field('status', value, { stored: text });
  });

  /** A body whose region_alias is the JSON text given, as a client writes it. */
  const withAlias = (literal: string) => JSON.stringify(validRegionUpdate()).replace(/"region_alias":"[^"]*"/, `"region_alias":${literal}`);

  it.each([
    ['1.5', '1.5'],
    ['1e16', '1e+16'],
    ['1e15', '1000000000000000.0'],
    ['0.00001', '1e-05'],
    ['-0.0', '-0.0'],
    ['-0', '0'],
    ['1E2', '100.0'],
    ['1000000000000000000000000000001', '1000000000000000000000000000001'],
  ])("keeps Python's text of the JSON number %s: %p", async (literal, text) => {
    const res = await putRaw('application/json', withAlias(literal));
    expectRainbond(res, 200);
    expect(region().region_alias).toBe(text);
  });

  it('refuses 1.0 as a status for its length before the status check', async () => {
    const res = await putRaw('application/json', JSON.stringify(validRegionUpdate()).replace(/"status":"[^"]*"/, '"status":1.0'));
    expectRainbond(res, 400);
    expect(res.body.err).toEqual({ status: ['请确保这个字段不能超过 2 个字符。'] });
  });

  it.each([[true], [[]], [{}]])('refuses %p as "Not a valid string." (untranslated in zh_Hans)', async (value) => {
    await field('httpdomain', value, { err: ['Not a valid string.'] });
  });

  it('trims surrounding white space, Python\'s set of it, before every check and stores the trimmed text', async () => {
    await field('region_alias', '\u3000\t 新名字 \u0085\u001c', { stored: '新名字' });
    await field('tcpdomain', ' 10.1.2.3 ', { stored: '10.1.2.3' });
  });

  it.each([
    ['region_alias', '   ', ['该字段不能为空。']],
    ['region_alias', null, ['该字段不能为 null。']],
    ['scope', '', ['该字段不能为空。']],
    ['desc', null, ['该字段不能为 null。']],
  ])('refuses %s = %p: %p', async (name, value, err) => {
    await field(name, value, { err });
  });

  it.each([
    ['desc', '', ''],
    ['token', '', '8f14e45fceea167a5a36dedd4bea2543'],
    ['ssl_ca_cert', '', ''],
    ['cert_file', null, null],
  ])('takes %s = %p where the model allows blank or null', async (name, value, stored) => {
    const res = await put({ ...validRegionUpdate(), [name]: value });
    expectRainbond(res, 200);
    if (name !== 'token') expect((region() as unknown as Record<string, unknown>)[name]).toEqual(stored);
  });

  it('counts length in characters, as Python does: 64 emoji fit region_alias, 65 do not', async () => {
    await field('region_alias', '😀'.repeat(64), { stored: '😀'.repeat(64) });
    await field('region_alias', '😀'.repeat(65), { err: ['请确保这个字段不能超过 64 个字符。'] });
  });

  it('runs every validator of a field and lists each failure (a NUL and too long)', async () => {
    await field('region_alias', `${'a'.repeat(64)}\u0000`, { err: ['请确保这个字段不能超过 64 个字符。', '不允许是用空字符串。'] });
  });

  it('refuses a lone surrogate with the validator\'s untranslated message', async () => {
    const res = await putRaw('application/json', withAlias('"a\\ud800"'));
    expectRainbond(res, 400);
    expect(res.body.err).toEqual({ region_alias: ['Surrogate characters are not allowed: U+D800.'] });
  });

  it('ignores fields the serializer does not have', async () => {
    const res = await put({ ...validRegionUpdate(), enterprise_id: 'x', region_type: 'y', whatever: [1] });
    expectRainbond(res, 200);
    expect(region()).not.toHaveProperty('whatever');
  });
});

describe('request.data through the default parsers: JSON, form-encoded, multipart (rest_framework/request.py:326-376, parsers.py)', () => {
  const form = () => new URLSearchParams(Object.entries(validRegionUpdate()).map(([k, v]) => [k, String(v)]));

  it('takes a form-encoded body, the last of a repeated field, and an empty optional field as not sent', async () => {
    const body = form();
    body.append('region_alias', 'first');
    body.append('region_alias', 'last');
    body.append('scope', '');
    const res = await putRaw('application/x-www-form-urlencoded', body.toString());
    expectRainbond(res, 200);
    expect(region()).toMatchObject({ region_alias: 'last', scope: 'private', status: '2' });
  });

  it('takes a multipart body, and refuses a file part as "Not a valid string."', async () => {
    const fields = Object.entries(validRegionUpdate()) as Array<[string, string]>;
    let req = request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN);
    for (const [k, v] of fields) req = req.field(k, v);
    expectRainbond(await req, 200);
    expect(region().status).toBe('2');
    let withFile = request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN);
    for (const [k, v] of fields) if (k !== 'desc') withFile = withFile.field(k, v);
    const res = await withFile.attach('desc', Buffer.from('text'), 'desc.txt');
    expectRainbond(res, 400);
    expect(res.body.err).toEqual({ desc: ['Not a valid string.'] });
  });

  it.each([
    ['x', 'Expecting value: line 1 column 1 (char 0)'],
    ['{bad', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['{"a":1', "Expecting ',' delimiter: line 1 column 7 (char 6)"],
    ['{"a":1}x', 'Extra data: line 1 column 8 (char 7)'],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['{\n"a":"\u0001"}', 'Invalid control character at: line 2 column 6 (char 7)'],
    ['{"a":"\\x"}', 'Invalid \\escape: line 1 column 7 (char 6)'],
    ['{"a":NaN}', "Out of range float values are not JSON compliant: 'NaN'"],
  ])("answers JSON Python refuses, %p, with a ParseError in Python's words", async (text, message) => {
    const res = await putRaw('application/json', text);
    expectRainbond(res, 400);
    expect(res.body).toMatchObject({ detail: `JSON parse error - ${message}`, code: 400, msg: `JSON parse error - ${message}`, error_type: 'ParseError' });
  });

  it.each([
    ['null', ['No data provided']],
    ['"text"', ['无效数据。期待为字典类型，得到的是 str 。']],
    ['12', ['无效数据。期待为字典类型，得到的是 int 。']],
    ['[{}]', ['无效数据。期待为字典类型，得到的是 list 。']],
  ])('answers the JSON %s, which is not an object, under non_field_errors', async (text, messages) => {
    const res = await putRaw('application/json', text);
    expectRainbond(res, 400);
    expect(res.body.err).toEqual({ non_field_errors: messages });
  });

  it('reads a body without Content-Type as no parser can: 415 naming the empty type', async () => {
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', '').send(Buffer.from('{}'));
    expectRainbond(res, 415);
    expect(res.body.detail).toBe('不支持请求中的媒体类型 “”。');
  });

  it('creates from a form-encoded body too', async () => {
    const body = new URLSearchParams({ ...Object.fromEntries(Object.entries(validRegionUpdate()).map(([k, v]) => [k, String(v)])), region_name: 'from-a-form' });
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'application/x-www-form-urlencoded').send(body.toString());
    rainbondDoc.expectAnswer(LIST, 'post', res, 201);
    expect(regions().some((r) => r.region_name === 'from-a-form')).toBe(true);
  });
});
