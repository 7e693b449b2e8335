import { createHash, createHmac } from 'node:crypto';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { startServer, type RunningServer } from '../src';
import { ACCESS_KEYS, KEY_ID, kmsDoc, kmsKey, PROJECT, STAGING_PROJECT } from './helpers';

const { dev: DEV, readonly: READONLY, fail500: FAIL_500, lockout: LOCKOUT } = ACCESS_KEYS;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

interface Outgoing {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: object;
  headers?: Record<string, string>;
}

/** Signs a request with Huawei's own signer from its SDK core, as its clients do, and returns what it would send. */
function signed(req: Outgoing, pair = DEV): { url: string; init: RequestInit } {
  const credentials = new BasicCredentials().withAk(pair.ak).withSk(pair.sk);
  const headers = AKSKSigner.sign(
    { method: req.method, endpoint: `${server.url}${req.path}`, headers: { 'Content-Type': 'application/json', ...req.headers }, queryParams: req.query, data: req.body } as never,
    credentials,
  ) as Record<string, string>;
  const query = req.query ? `?${new URLSearchParams(req.query)}` : '';
  return { url: `${server.url}${req.path}${query}`, init: { method: req.method, headers, body: req.body ? JSON.stringify(req.body) : undefined } };
}

const send = async ({ url, init }: { url: string; init: RequestInit }) => {
  const res = await fetch(url, init);
  const body = (await res.json()) as Record<string, unknown>;
  // The gateway's flat errors repeat the answer's request id.
  if ('request_id' in body) expect(body.request_id).toBe(res.headers.get('x-request-id'));
  return { status: res.status, body };
};

const describeKey: Outgoing = { method: 'POST', path: `/v1.0/${PROJECT}/kms/describe-key`, body: { key_id: KEY_ID } };
const regions: Outgoing = { method: 'GET', path: `/v2/${PROJECT}/kms/regions`, query: { limit: '3' } };
const move: Outgoing = { method: 'PUT', path: `/v2/${PROJECT}/kms/keys/${KEY_ID}/update-primary-region`, body: { key_id: KEY_ID, primary_region: 'cn-east-3' } };
const refused = (message: string) => ({ status: 401, body: { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: ${message}`, request_id: expect.stringMatching(/^[0-9a-f]{32}$/) } });

describe('requests signed with AK/SK as Huawei\'s SDK signs them', () => {
  it.each([['describe-key', describeKey], ['the regions, with a query', regions], ['update-primary-region', move]])('are accepted: %s', async (_name, req) => {
    const res = await send(signed(req));
    expect(res.status).toBe(200);
  });

  it('change the state as the AK\'s token may', async () => {
    const res = await send(signed(move));
    expect(res.body).toEqual({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expect(server.requests({ operationId: 'updatePrimaryRegion' })[0].requestHeaders.authorization).toBe('***');
  });

  it('take their project from X-Project-Id when it is sent, which must be the AK\'s', async () => {
    expect((await send(signed({ ...describeKey, headers: { 'X-Project-Id': PROJECT } }))).status).toBe(200);
    const elsewhere = signed({ ...describeKey, path: `/v1.0/${STAGING_PROJECT}/kms/describe-key`, headers: { 'X-Project-Id': STAGING_PROJECT } });
    expect(await send(elsewhere)).toMatchObject({ status: 403, body: { error: { error_code: 'KMS.0321' } } });
    expect(await send(signed({ ...describeKey, headers: { 'X-Project-Id': STAGING_PROJECT } }))).toMatchObject({ status: 403, body: { error: { error_code: 'KMS.0321' } } });
  });

  it('may leave the body out of the signature with X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD (the SDK does so for bodies that are not JSON; the gateway takes it for any)', async () => {
    const unsigned = signed({ ...move, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    unsigned.init.body = JSON.stringify({ key_id: KEY_ID, primary_region: 'ap-southeast-1' });
    expect(await send(unsigned)).toEqual({ status: 200, body: { key_id: KEY_ID, primary_region: 'ap-southeast-1' } });
    const claimed = signed({ ...move, headers: { 'X-Sdk-Content-Sha256': '0'.repeat(64) } });
    expect(await send(claimed)).toEqual(refused('verify aksk signature fail'));
  });

  it('carry the token\'s project and permissions', async () => {
    expect(await send(signed({ ...describeKey, path: `/v1.0/${STAGING_PROJECT}/kms/describe-key` }))).toMatchObject({ status: 403, body: { error: { error_code: 'KMS.0321' } } });
    expect(await send(signed(move, READONLY))).toMatchObject({ status: 403, body: { error: { error_code: 'KMS.0330' } } });
    expect((await send(signed(describeKey, READONLY))).status).toBe(200);
    expect((await send(signed(move, FAIL_500))).status).toBe(500);
  });
});

describe('a signature altered in any one part', () => {
  const tamper = (change: (sent: { url: string; init: RequestInit }) => void, req = move) => {
    const sent = signed(req);
    change(sent);
    return send(sent);
  };
  const headers = (sent: { init: RequestInit }) => sent.init.headers as Record<string, string>;

  it.each([
    ['the method', (s: { url: string; init: RequestInit }) => (s.init.method = 'POST'), { ...describeKey, method: 'PUT' }],
    ['the path', (s: { url: string; init: RequestInit }) => (s.url = s.url.replace(KEY_ID, '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c')), move],
    ['the query', (s: { url: string; init: RequestInit }) => (s.url = s.url.replace('limit=3', 'limit=4')), regions],
    ['a signed header', (s: { url: string; init: RequestInit }) => (headers(s)['Content-Type'] = 'application/json;charset=utf-8'), move],
    ['the body', (s: { url: string; init: RequestInit }) => (s.init.body = JSON.stringify({ key_id: KEY_ID, primary_region: 'ap-southeast-1' })), move],
    ['the date', (s: { url: string; init: RequestInit }) => (headers(s)['X-Sdk-Date'] = headers(s)['X-Sdk-Date'].replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10))), move],
  ])('is refused: %s', async (_part, change, req) => {
    expect(await tamper(change as never, req)).toEqual(refused('verify aksk signature fail'));
    expect(server.sessions.default.store.data.kms.keys).toEqual(expect.arrayContaining([expect.objectContaining({ key_id: KEY_ID, primary_region: 'cn-north-4' })]));
  });

  it('is refused when X-Sdk-Date is not among the signed headers, however correct the rest (the gateway requires it signed)', async () => {
    // Signed by hand over host and content-type only: Huawei's signer always signs X-Sdk-Date.
    const url = new URL(`${server.url}${move.path}`);
    const body = JSON.stringify(move.body);
    const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const hex = (text: string) => createHash('sha256').update(text).digest('hex');
    const canonical = ['PUT', `${url.pathname}/`, '', `content-type:application/json\nhost:${url.host}\n`, 'content-type;host', hex(body)].join('\n');
    const signature = createHmac('sha256', DEV.sk).update(['SDK-HMAC-SHA256', date, hex(canonical)].join('\n')).digest('hex');
    const headers = { 'Content-Type': 'application/json', 'X-Sdk-Date': date, Authorization: `SDK-HMAC-SHA256 Access=${DEV.ak}, SignedHeaders=content-type;host, Signature=${signature}` };
    expect(await send({ url: url.href, init: { method: 'PUT', headers, body } })).toEqual(refused('verify aksk signature fail'));
  });

  it('is refused: the SK', async () => {
    expect(await send(signed(move, { ak: DEV.ak, sk: 'not-the-secret-key' }))).toEqual(refused('verify aksk signature fail'));
  });

  it('answers in the KMS document\'s shape for a 401', async () => {
    const res = await fetch(signed(move).url, { method: 'PUT', headers: { Authorization: 'SDK-HMAC-SHA256 Access=x, SignedHeaders=host, Signature=00' } });
    kmsDoc.expectAnswer('/v2/{project_id}/kms/keys/{key_id}/update-primary-region', 'put', { status: res.status, body: await res.json() } as never, 401);
  });
});

describe('the gateway\'s other refusals of a signature', () => {
  it('names an AK it does not know', async () => {
    expect(await send(signed(move, { ak: 'NOSUCHAK0000000000', sk: DEV.sk }))).toEqual(refused('Get secretKey failed,ak:NOSUCHAK0000000000,err:ak not exist'));
  });

  it.each([
    ['missing', (h: Record<string, string>) => delete h['X-Sdk-Date'], 'X-Sdk-Date is missing or not in the form YYYYMMDDTHHMMSSZ'],
    ['malformed', (h: Record<string, string>) => (h['X-Sdk-Date'] = '2026-11-29T10:00:00Z'), 'X-Sdk-Date is missing or not in the form YYYYMMDDTHHMMSSZ'],
  ])('refuses an X-Sdk-Date that is %s', async (_what, change, message) => {
    const sent = signed(move);
    change(sent.init.headers as Record<string, string>);
    expect(await send(sent)).toEqual(refused(message));
  });

  it('refuses a correctly signed request dated more than 15 minutes away', async () => {
    const old = new Date(Date.now() - 16 * 60 * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    expect(await send(signed({ ...move, headers: { 'X-Sdk-Date': old } }))).toEqual(refused('X-Sdk-Date is more than 15 minutes from the current time'));
    const recent = new Date(Date.now() - 10 * 60 * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    expect((await send(signed({ ...move, headers: { 'X-Sdk-Date': recent } }))).status).toBe(200);
  });

  it('still takes X-Auth-Token, and says a call with neither carries no token', async () => {
    const res = await fetch(`${server.url}${describeKey.path}`, { method: 'POST', headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json' }, body: JSON.stringify(describeKey.body) });
    expect(res.status).toBe(200);
    expect(await send({ url: `${server.url}${describeKey.path}`, init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' } })).toEqual(refused('x-auth-token not found'));
  });
});

describe('the gateway\'s lockout, for an AK whose fixture asks for it', () => {
  const wrong = { ak: LOCKOUT.ak, sk: 'not-the-secret-key' };
  const locked = refused('AK access failed to reach the limit,forbidden');
  const failTimes = async (n: number, pair = wrong) => {
    for (let i = 0; i < n; i += 1) expect(await send(signed(move, pair))).toEqual(refused('verify aksk signature fail'));
  };
  const primary = () => kmsKey(server.sessions.default, KEY_ID)?.primary_region;
  afterEach(() => jest.restoreAllMocks());

  it('refuses the AK, even correctly signed, for five minutes after five failed signatures in a row', async () => {
    await failTimes(5);
    expect(await send(signed(move, LOCKOUT))).toEqual(locked);
    expect(primary()).toBe('cn-north-4');
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 4 * 60 * 1000);
    expect(await send(signed(move, LOCKOUT))).toEqual(locked);
    jest.spyOn(Date, 'now').mockReturnValue(now + 5 * 60 * 1000 + 1000);
    expect(await send(signed(move, LOCKOUT))).toMatchObject({ status: 200 });
    expect(primary()).toBe('cn-east-3');
  });

  it('counts failures in a row only: a good signature starts the count again', async () => {
    await failTimes(4);
    expect((await send(signed(describeKey, LOCKOUT))).status).toBe(200);
    await failTimes(4);
    expect((await send(signed(describeKey, LOCKOUT))).status).toBe(200);
  });

  it('is lifted by a reset of the session', async () => {
    await failTimes(5);
    expect(await send(signed(describeKey, LOCKOUT))).toEqual(locked);
    await server.reset();
    expect((await send(signed(describeKey, LOCKOUT))).status).toBe(200);
  });

  it('counts signatures that do not match only: a client whose clock is off is told so, not locked out', async () => {
    const skewed = new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    for (let i = 0; i < 6; i += 1) {
      expect(await send(signed({ ...describeKey, headers: { 'X-Sdk-Date': skewed } }, LOCKOUT))).toEqual(refused('X-Sdk-Date is more than 15 minutes from the current time'));
    }
    expect((await send(signed(describeKey, LOCKOUT))).status).toBe(200);
  });

  it('is kept per session: another X-Mock-Session may still use the AK', async () => {
    await failTimes(5);
    expect(await send(signed(describeKey, LOCKOUT))).toEqual(locked);
    expect((await send(signed({ ...describeKey, headers: { 'X-Mock-Session': 'other-suite' } }, LOCKOUT))).status).toBe(200);
  });

  it('never locks an AK whose fixture does not ask for it', async () => {
    await failTimes(6, { ak: DEV.ak, sk: 'not-the-secret-key' });
    expect((await send(signed(describeKey))).status).toBe(200);
  });
});
