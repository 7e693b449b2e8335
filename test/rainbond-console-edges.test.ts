import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { buildApp } from '../src';
import { expectDjangoNotFound, expectRainbond, freshMock, MANAGE_TOKEN, REGION_ID, regionPath, sharedMock, validRegionUpdate } from './helpers';

/**
 * The edges of reading a body as the console does, where Python, Django and DRF (3.16.0) decide:
 * charsets, multipart parts, Django's limits, and the mock's own limits said as its own.
 */
const shared = sharedMock();
const regions = () => shared.store.data.rainbond.regions as Region[];
const region = () => regions().find((r) => r.region_id === REGION_ID) as Region;
/** Sends the bytes as they are: superagent would otherwise serialize a Buffer sent as JSON. */
const put = (type: string, body: string | Buffer) =>
  request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', type).serialize((bytes: unknown) => bytes as string).send(body);
const form = (extra: Record<string, string> = {}) => new URLSearchParams({ ...(validRegionUpdate() as Record<string, string>), ...extra }).toString();

describe("charsets, as Python's codecs read them (rest_framework/parsers.py:56-68, django/http/request.py QueryDict)", () => {
  it('reads JSON in latin-1 as ISO-8859-1, not as windows-1252', async () => {
    const body = Buffer.from(JSON.stringify({ ...validRegionUpdate(), region_alias: 'café €' }).replace('€', '\u0080'), 'latin1');
    expectRainbond(await put('application/json; charset=latin-1', body), 200);
    expect(region().region_alias).toBe('café \u0080');
  });

  it("refuses a byte past 127 in ascii with Python's UnicodeDecodeError", async () => {
    const res = await put('application/json; charset=ascii', Buffer.from(JSON.stringify({ ...validRegionUpdate(), region_alias: '中' })));
    expectRainbond(res, 400);
    expect(res.body.detail).toMatch(/^JSON parse error - 'ascii' codec can't decode byte 0xe4 in position \d+: ordinal not in range\(128\)$/);
  });

  it('reads utf-8-sig past its byte order mark, where plain utf-8 refuses it', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(validRegionUpdate()))]);
    expectRainbond(await put('application/json; charset=utf-8-sig', body), 200);
    const plain = await put('application/json', body);
    expect(plain.body.detail).toBe('JSON parse error - Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)');
  });

  it('counts positions in characters, as Python does: an emoji is one', async () => {
    const res = await put('application/json', '{"a":"😀",}');
    expect(res.body.detail).toBe('JSON parse error - Expecting property name enclosed in double quotes: line 1 column 10 (char 9)');
  });

  it('reads a form value in its charset: %E9 in latin-1 is é', async () => {
    expectRainbond(await put('application/x-www-form-urlencoded; charset=latin-1', form().replace(/region_alias=[^&]*/, 'region_alias=caf%E9')), 200);
    expect(region().region_alias).toBe('café');
  });
});

describe('Content-Encoding, which neither Django nor DRF reads', () => {
  it('parses a gzip body as its bytes, and a plain body labelled gzip as it is', async () => {
    const json = JSON.stringify(validRegionUpdate());
    const zipped = await put('application/json', gzipSync(json)).set('Content-Encoding', 'gzip');
    expectRainbond(zipped, 400);
    expect(zipped.body.detail).toBe("JSON parse error - 'utf-8' codec can't decode byte 0x8b in position 1: invalid start byte");
    expectRainbond(await put('application/json', json).set('Content-Encoding', 'gzip'), 200);
  });
});

describe("Python's and Django's limits", () => {
  it('refuses an integer of more than 4,300 digits as Python 3.11 does', async () => {
    const res = await put('application/json', JSON.stringify(validRegionUpdate()).replace(/"region_alias":"[^"]*"/, `"region_alias":${'7'.repeat(4301)}`));
    expectRainbond(res, 400);
    expect(res.body.detail).toBe('JSON parse error - Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit');
  });

  it('answers more than 1,000 form fields with the 500 of TooManyFieldsSent (DATA_UPLOAD_MAX_NUMBER_FIELDS)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `f${i}=x`).join('&');
    const res = await put('application/x-www-form-urlencoded', many);
    expectRainbond(res, 500);
    expect(res.body).toMatchObject({ code: 10401, error_type: 'TooManyFieldsSent', error_details: { module: 'django.core.exceptions' } });
  });

  it("answers JSON nested deeper than 64 levels with the mock's own 400, saying so", async () => {
    const res = await put('application/json', `${'['.repeat(3000)}${']'.repeat(3000)}`);
    expectRainbond(res, 400);
    expect(res.body).toMatchObject({ error_type: 'MockUsage', msg: 'regionmock: JSON nested deeper than 64 levels' });
  });
});

describe("multipart parts as Django's MultiPartParser reads them", () => {
  const multipart = (parts: string[], boundary = 'XyZ') => Buffer.from(parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`);
  const field = (name: string, value: string, extra = '') => `Content-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}`;
  const fields = () => Object.entries(validRegionUpdate()).map(([k, v]) => field(k, String(v)));

  it('keeps a field longer than 1 MiB whole, as far as the body limit allows', async () => {
    const big = freshMock({ bodyLimit: 5 * 1024 * 1024 });
    const pem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(2 * 1024 * 1024)}\n-----END CERTIFICATE-----`;
    const res = await request(big.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'multipart/form-data; boundary=XyZ').send(multipart([...fields(), field('ssl_ca_cert', pem)]));
    expectRainbond(res, 200);
    expect((big.store.data.rainbond.regions as Region[]).find((r) => r.region_id === REGION_ID)?.ssl_ca_cert).toBe(pem);
  });

  it('reads a part with a Content-Type but no filename as a field, and lets a file replace a field of its name', async () => {
    const typed = `${field('desc', 'typed part')}`.replace('\r\n\r\n', '\r\nContent-Type: application/octet-stream\r\n\r\n');
    expectRainbond(await put('multipart/form-data; boundary=XyZ', multipart([...fields(), typed])), 200);
    expect(region().desc).toBe('typed part');
    const file = field('desc', 'file content', '; filename="d.txt"');
    const res = await put('multipart/form-data; boundary=XyZ', multipart([...fields(), file, field('desc', 'text after the file')]));
    expectRainbond(res, 400);
    expect(res.body.err).toEqual({ desc: ['Not a valid string.'] });
  });

  it('reads what came before a missing closing boundary', async () => {
    const body = Buffer.from(fields().map((p) => `--XyZ\r\n${p}\r\n`).join(''));
    expectRainbond(await put('multipart/form-data; boundary=XyZ', body), 200);
  });

  it("answers a multipart body without a boundary with DRF's ParseError", async () => {
    const res = await put('multipart/form-data', 'x');
    expectRainbond(res, 400);
    expect(res.body.detail).toBe('Multipart form parse error - Invalid boundary in multipart: None');
    expect(res.body.error_trace).toContain('django.http.multipartparser.MultiPartParserError: Invalid boundary in multipart: None');
  });
});

describe("what the console's answers carry besides their body", () => {
  it("sends X-Frame-Options: DENY, as Django's middleware does, on view answers and on its 404 page", async () => {
    expect((await request(shared.app).get('/openapi/v2/manage/regions')).headers['x-frame-options']).toBe('DENY');
    const missing = await request(shared.app).get('/openapi/v2/nothing');
    expectDjangoNotFound(missing);
    expect(missing.headers['x-frame-options']).toBe('DENY');
  });

  it("keeps Vary: Origin on a 405 to a page's call", async () => {
    const res = await request(shared.app).patch(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Origin', 'http://localhost:5173');
    expect(res.status).toBe(405);
    expect(res.headers.vary?.split(/,\s*/).sort()).toEqual(['Accept', 'Origin']);
  });

  it("names the mock's own failure in msg, and keeps its trace in the console's form, with nothing of the mock's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regionmock-rb-'));
    const mock = buildApp({ dataFile: join(dir, 'state.json') });
    rmSync(dir, { recursive: true, force: true });
    const res = await request(mock.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 500);
    expect(res.body).toMatchObject({ code: 10401, error_type: 'MockFailure', msg: expect.stringContaining('regionmock could not write its data file') });
    expect(res.body.error_trace).toBe('Traceback (most recent call last):\nregionmock.MockFailure\n');
    expect(res.body.msg_show).toBe(res.body.error_trace);
  });
});
