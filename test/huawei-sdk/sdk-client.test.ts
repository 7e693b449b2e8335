import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { ClientRequestException } from '@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException';
import { ServerResponseException } from '@huaweicloud/huaweicloud-sdk-core/exception/ServerResponseException';
import type { ServiceResponseException } from '@huaweicloud/huaweicloud-sdk-core/exception/ServiceResponseException';
import request from 'supertest';
import { startServer, type RunningServer } from '../../src';
import { ACCESS_KEYS, DISABLED_KEY as DISABLED, KEY_ID, kmsDoc, kmsKey, PROJECT, REPLICA_PROJECT as OTHER_PROJECT, STAGING_PROJECT } from '../helpers';
import { KmsClient, type SdkAnswer } from './kms-client';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** A KMS client built as Huawei's documentation shows, with the mock as its endpoint and nothing else added. */
function client(pair: { ak: string; sk: string } = ACCESS_KEYS.dev, projectId = PROJECT): KmsClient {
  const credentials = new BasicCredentials().withAk(pair.ak).withSk(pair.sk).withProjectId(projectId);
  return KmsClient.newBuilder().withCredential(credentials).withEndpoint(server.url).build();
}

/** The SDK's answer as the document sees it: the parsed body, without the status the SDK adds to it. */
function expectDocumented(path: string, method: string, answer: SdkAnswer): void {
  const { httpStatusCode: status, ...body } = answer;
  kmsDoc.expectAnswer(path, method, { status, body } as never, 200);
}

const keyOf = (id: string) => kmsKey(server.sessions.default, id);
const moveTo = (region: string) => ({ key_id: KEY_ID, primary_region: region });

describe('Huawei\'s SDK (AK/SK, no extra headers) against the mock', () => {
  it('completes all five KMS operations, each answer as documented', async () => {
    const kms = client();
    const described = await kms.listKeyDetail({ key_id: KEY_ID });
    expectDocumented('/v1.0/{project_id}/kms/describe-key', 'post', described);
    expect(described.key_info).toMatchObject({ key_id: KEY_ID, key_state: '2' });

    const listed = await kms.listKeys({ limit: '2', key_spec: 'ALL' });
    expectDocumented('/v1.0/{project_id}/kms/list-keys', 'post', listed);
    expect(listed).toMatchObject({ keys: expect.arrayContaining([KEY_ID]), truncated: 'true', next_marker: '2' });

    const regions = await kms.listSupportRegions({ limit: 3, offset: 2 });
    expectDocumented('/v2/{project_id}/kms/regions', 'get', regions);
    expect(regions.regions).toHaveLength(3);

    const replica = await kms.replicateKey(KEY_ID, { key_id: KEY_ID, replica_region: 'cn-south-1', key_alias: 'orders-south', replica_project_id: OTHER_PROJECT });
    expectDocumented('/v2/{project_id}/kms/keys/{key_id}/replicate', 'post', replica);
    expect(replica).toMatchObject({ key_id: KEY_ID, region: 'cn-south-1' });

    const moved = await kms.updatePrimaryRegion(KEY_ID, moveTo('cn-south-1'));
    expectDocumented('/v2/{project_id}/kms/keys/{key_id}/update-primary-region', 'put', moved);
    expect(moved).toMatchObject({ httpStatusCode: 200, key_id: KEY_ID, primary_region: 'cn-south-1' });
    expect(keyOf(KEY_ID)).toMatchObject({ primary_region: 'cn-south-1', replica_regions: ['cn-east-3', 'ap-southeast-1', 'cn-north-4'] });
  });

  it('uses the SDK\'s defaults: ten regions without limit', async () => {
    const regions = await client().listSupportRegions();
    expect(regions.regions).toHaveLength(10);
  });

  it('journals the SDK\'s calls with their signature masked', async () => {
    await client().listKeyDetail({ key_id: KEY_ID });
    const journal = await request(server.url).get('/__admin/requests?api=kms');
    const [entry] = journal.body.requests;
    expect(entry).toMatchObject({ operationId: 'describeKey', status: 200 });
    expect(entry.requestHeaders.authorization).toBe('***');
    // The signature proves the SK to whoever sees it within 15 minutes: it is kept out of the journal too.
    expect(JSON.stringify(journal.body)).not.toContain('Signature=');
  });
});

/** The exception a call ends in, which must be one. */
async function failure(call: Promise<unknown>): Promise<ServiceResponseException> {
  const outcome = await call.then(
    (answer) => ({ answer }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).toHaveProperty('error');
  return (outcome as { error: ServiceResponseException }).error;
}

describe('every documented error status reaches the SDK as its exception', () => {
  it.each([
    [400, 'a region that holds no replica', () => client().updatePrimaryRegion(KEY_ID, moveTo('eu-west-101'))],
    [400, 'a disabled key', () => client().updatePrimaryRegion(DISABLED, { key_id: DISABLED, primary_region: 'cn-east-3' })],
    [403, 'a read-only AK writing', () => client(ACCESS_KEYS.readonly).updatePrimaryRegion(KEY_ID, moveTo('cn-east-3'))],
    [403, 'an AK used for another project', () => client(ACCESS_KEYS.dev, STAGING_PROJECT).listKeyDetail({ key_id: KEY_ID })],
    [404, 'an unknown key', () => client().listKeyDetail({ key_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' })],
    [500, 'the fail-500 AK', () => client(ACCESS_KEYS.fail500).updatePrimaryRegion(KEY_ID, moveTo('cn-east-3'))],
  ])('%i (KMS\'s own, nested): %s', async (status, _what, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(status < 500 ? ClientRequestException : ServerResponseException);
    expect(error.httpStatusCode).toBe(status);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    // The Node SDK reads `error.code` or a flat `error_code`; KMS's nested `error.error_code`
    // is neither, so errorCode stays empty, as it does against the real service.
    expect(error.errorCode).toBeUndefined();
    expect(keyOf(KEY_ID)).toMatchObject({ primary_region: 'cn-north-4' });
  });

  it.each([
    [401, 'APIGW.0301', 'a wrong SK', () => client({ ak: ACCESS_KEYS.dev.ak, sk: 'not-the-secret-key' }).updatePrimaryRegion(KEY_ID, moveTo('cn-east-3'))],
    [401, 'APIGW.0301', 'an unknown AK', () => client({ ak: 'NOSUCHAK000000000000', sk: ACCESS_KEYS.dev.sk }).listKeyDetail({ key_id: KEY_ID })],
    [502, 'APIGW.0201', 'the fail-502 AK', () => client(ACCESS_KEYS.fail502).listKeys({})],
    [504, 'APIGW.0203', 'the fail-504 AK', () => client(ACCESS_KEYS.fail504).replicateKey(KEY_ID, { key_id: KEY_ID, replica_region: 'cn-south-1', key_alias: 'x', replica_project_id: OTHER_PROJECT })],
  ])('%i %s (the gateway\'s, flat): %s', async (status, code, _what, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(status < 500 ? ClientRequestException : ServerResponseException);
    expect(error.httpStatusCode).toBe(status);
    expect(error.errorCode).toBe(code);
    expect(error.errorMsg).toEqual(expect.any(String));
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    const [entry] = server.requests({ api: 'kms' });
    expect(entry.responseBody).toMatchObject({ error_code: code, request_id: error.requestId });
    expect(keyOf(KEY_ID)).toMatchObject({ primary_region: 'cn-north-4', replica_regions: ['cn-east-3', 'ap-southeast-1'] });
  });

  it('404 APIGW.0101 for a route the gateway does not have, flat', async () => {
    const kms = client();
    const unknown = kms['hcClient'].sendRequest({ method: 'GET', url: '/v2/{project_id}/kms/no-such-route', contentType: 'application/json', queryParams: {}, pathParams: {}, headers: {} } as never);
    const error = await failure(unknown);
    expect(error).toBeInstanceOf(ClientRequestException);
    expect(error).toMatchObject({ httpStatusCode: 404, errorCode: 'APIGW.0101' });
  });

  it('any documented status forced through the admin API, for a suite that drives the SDK unmodified', async () => {
    const added = await request(server.url).post('/__admin/faults').send({ api: 'kms', operationId: 'listSupportRegions', status: 504, times: 1 });
    expect(added.status).toBe(201);
    const error = await failure(client().listSupportRegions());
    expect(error).toMatchObject({ httpStatusCode: 504, errorCode: 'APIGW.0203', errorMsg: 'Backend timeout' });
    expect((await client().listSupportRegions()).httpStatusCode).toBe(200);
  });
});
