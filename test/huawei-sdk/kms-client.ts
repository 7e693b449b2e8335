import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';

/**
 * The five KMS operations as the KMS client of Huawei's Node.js SDK v3 hands them to its
 * HcClient (huaweicloud-sdk-nodejs-v3, services/kms/v2/KmsClient.ts, release 3.1.209). That
 * package is not on the npm registry; the core (credentials, signer, HcClient, exceptions) is,
 * and everything past these descriptions is the SDK's own code. The project id is not here:
 * the credentials fill `{project_id}` in when they sign, as they do for the generated client.
 */
interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  contentType: string;
  queryParams: Record<string, number>;
  pathParams: Record<string, string>;
  headers: Record<string, string>;
  data?: object;
  responseHeaders?: string[];
}

export type SdkAnswer = Record<string, unknown> & { httpStatusCode: number };

const JSON_BODY = 'application/json;charset=UTF-8';

export class KmsClient {
  constructor(private readonly hcClient: HcClient) {}

  static newBuilder(): ClientBuilder<KmsClient> {
    return new ClientBuilder((client) => new KmsClient(client));
  }

  /** describe-key (the SDK calls it listKeyDetail). */
  listKeyDetail(body: { key_id: string; sequence?: string }): Promise<SdkAnswer> {
    return this.send(withBody('POST', '/v1.0/{project_id}/kms/describe-key', {}, body));
  }

  listKeys(body: { limit?: string; marker?: string; key_state?: string; key_spec?: string; enterprise_project_id?: string; sequence?: string }): Promise<SdkAnswer> {
    return this.send(withBody('POST', '/v1.0/{project_id}/kms/list-keys', {}, body));
  }

  /** The generated client adds limit and offset only when they are given, and sends no body. */
  listSupportRegions(req: { limit?: number; offset?: number } = {}): Promise<SdkAnswer> {
    const queryParams: Record<string, number> = {};
    if (req.limit !== undefined && req.limit !== null) queryParams.limit = req.limit;
    if (req.offset !== undefined && req.offset !== null) queryParams.offset = req.offset;
    return this.send({ method: 'GET', url: '/v2/{project_id}/kms/regions', contentType: 'application/json', queryParams, pathParams: {}, headers: {} });
  }

  updatePrimaryRegion(keyId: string, body: { key_id: string; primary_region: string }): Promise<SdkAnswer> {
    return this.send(withBody('PUT', '/v2/{project_id}/kms/keys/{key_id}/update-primary-region', { key_id: keyId }, body));
  }

  replicateKey(
    keyId: string,
    body: { key_id: string; replica_region: string; key_alias: string; replica_project_id: string; key_description?: string; enterprise_project_id?: string },
  ): Promise<SdkAnswer> {
    return this.send(withBody('POST', '/v2/{project_id}/kms/keys/{key_id}/replicate', { key_id: keyId }, body));
  }

  /** As every generated method ends: an empty responseHeaders list, then HcClient. */
  private send(options: RequestOptions): Promise<SdkAnswer> {
    options.responseHeaders = [''];
    return this.hcClient.sendRequest(options as never) as Promise<SdkAnswer>;
  }
}

function withBody(method: RequestOptions['method'], url: string, pathParams: Record<string, string>, data: object): RequestOptions {
  return { method, url, contentType: JSON_BODY, queryParams: {}, pathParams, headers: { 'Content-Type': JSON_BODY }, data };
}
