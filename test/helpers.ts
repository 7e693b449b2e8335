import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { parse } from 'yaml';
import { buildApp, type MockOptions } from '../src';
import type { KeyRecord } from '../src/apis/kms/types';
import type { StateData } from '../src/core/state/store';

export const RAINBOND_SPEC = join(__dirname, '..', 'spec', 'rainbond.openapi.yaml');
export const KMS_SPEC = join(__dirname, '..', 'spec', 'kms.openapi.yaml');
export const ADMIN_SPEC = join(__dirname, '..', 'spec', 'admin.openapi.yaml');

export const MANAGE_TOKEN = 'rbd-manage-token';
export const REGION_ID = 'febc993cefe84d158b3ac245d7aa0943';
/** The fixtures' AK/SK pairs (fixtures/kms/access-keys.yaml). */
export const ACCESS_KEYS = {
  dev: { ak: 'MOCKDEVAK000000000001', sk: 'mock-dev-secret-key-0000000000000001' },
  readonly: { ak: 'MOCKREADONLYAK0000003', sk: 'mock-readonly-secret-key-00000000003' },
  fail500: { ak: 'MOCKFAIL500AK00000004', sk: 'mock-fail-500-secret-key-00000000004' },
  fail502: { ak: 'MOCKFAIL502AK00000005', sk: 'mock-fail-502-secret-key-00000000005' },
  fail504: { ak: 'MOCKFAIL504AK00000006', sk: 'mock-fail-504-secret-key-00000000006' },
  lockout: { ak: 'MOCKLOCKOUTAK0000007', sk: 'mock-lockout-secret-key-000000000007' },
} satisfies Record<string, { ak: string; sk: string }>;
/** The project replicas go to in the tests: any project id the document allows. */
export const REPLICA_PROJECT = '7c4d2e1f0a9b8c7d6e5f4a3b2c1d0e9f';
/** The disabled key of the fixtures. */
export const DISABLED_KEY = '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c';
export const PROJECT = 'e9993fc787d94b6c886cbaa340f9c0f4';
export const STAGING_PROJECT = '2b9f0c1d3e4a5b6c7d8e9f0a1b2c3d4e';
export const KEY_ID = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';

export const regionPath = (id: string) => `/openapi/v2/manage/regions/${id}`;
export const primaryRegionPath = (keyId: string, project = PROJECT) => `/v2/${project}/kms/keys/${keyId}/update-primary-region`;

/** A body the document accepts for updateRegion. */
export const validRegionUpdate = () => ({
  region_alias: '北京集群',
  url: 'https://region.example.com:8443',
  wsurl: 'wss://region.example.com:6060',
  httpdomain: 'bj.apps.example.com',
  tcpdomain: '10.1.2.3',
  status: '2',
});

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

/**
 * The tests' own reading of a document: a separate Ajv over the raw YAML, so that an answer
 * is checked by something other than the code that produced it.
 */
export class DocumentChecker {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  readonly doc: Doc;

  constructor(source: string | object) {
    this.doc = (typeof source === 'string' ? parse(readFileSync(source, 'utf8')) : structuredClone(source)) as Doc;
    this.ajv.addSchema(this.doc as object, 'doc');
  }

  /** Fails the test unless `res` is a status the operation documents, with a body its schema allows. */
  expectAnswer(path: string, method: string, res: Response, status?: number): void {
    if (status !== undefined) expect(res.status).toBe(status);
    let response = this.doc.paths[path]?.[method]?.responses?.[String(res.status)] as Record<string, unknown> | undefined;
    expect(response).toBeDefined();
    let pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${res.status}`;
    if (response && typeof response.$ref === 'string') {
      pointer = response.$ref.slice(1);
      response = undefined;
    }
    const validate = this.ajv.getSchema(`doc#${pointer}/content/application~1json/schema`);
    expect(validate).toBeDefined();
    const ok = validate!(res.body);
    expect(validate!.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  }
}

export const rainbondDoc = new DocumentChecker(RAINBOND_SPEC);
/** The admin document as the mock serves it: the file, with the vendor APIs it serves filled in at start-up. */
export const adminDoc = new DocumentChecker(buildApp().documents.find((d) => d.name === 'admin')?.doc ?? ADMIN_SPEC);
export const kmsDoc = new DocumentChecker(KMS_SPEC);

export const expectRainbond = (res: Response, status: number) => {
  expect(res.status).toBe(status);
  rainbondDoc.expectAnswer('/openapi/v2/manage/regions/{region_id}', 'put', res);
};

/** Django's own 404 page, DEBUG off (django/views/defaults.py): what the console answers for a path its URL patterns refuse. */
export const DJANGO_NOT_FOUND =
  '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';

export const expectDjangoNotFound = (res: Response) => {
  expect(res.status).toBe(404);
  expect(res.headers['content-type']).toBe('text/html; charset=utf8');
  expect(res.text).toBe(DJANGO_NOT_FOUND);
};

export const expectKms = (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  kmsDoc.expectAnswer('/v2/{project_id}/kms/keys/{key_id}/update-primary-region', 'put', res);
};

/** Checks an admin answer against the admin document (`path` as the document writes it). */
export const expectAdmin = (res: Response, status: number, path: string, method: string) => {
  expect(res.status).toBe(status);
  adminDoc.expectAnswer(path, method, res);
};

/** A fresh mock on the built-in fixtures, with its store so that tests can see the state. */
export function freshMock(options: Partial<MockOptions> = {}) {
  return buildApp(options);
}

/** One mock for a whole test file, back to its fixtures before each test: the one reset helper. */
export function sharedMock(options: Partial<MockOptions> = {}) {
  const mock = buildApp(options);
  beforeEach(() => mock.sessions.default.reset());
  return mock;
}

export const clone = <T>(value: T): T => structuredClone(value);

/** Each status an operation documents, with the document's example body for it (read independently of the mock). */
export async function documentedExamples(file: string, path: string, method: string): Promise<Map<number, unknown>> {
  const doc = (await SwaggerParser.dereference(parse(readFileSync(file, 'utf8')))) as unknown as Doc;
  const responses = doc.paths[path][method].responses as Record<string, { content: Record<string, { example: unknown }> }>;
  return new Map(Object.entries(responses).map(([status, r]) => [Number(status), r.content['application/json'].example]));
}

/**
 * What a forced answer's body should be: the document's example, except that the gateway's
 * flat errors carry the answer's own request id (as the real gateway's do) in place of the example's.
 */
export function asAnswered(example: unknown, res: { headers: Record<string, string> }): unknown {
  if (!example || typeof example !== 'object' || !('request_id' in example)) return example;
  return { ...example, request_id: res.headers['x-request-id'] };
}

export const UPDATE_REGION = { file: RAINBOND_SPEC, path: '/openapi/v2/manage/regions/{region_id}', method: 'put' };
export const UPDATE_PRIMARY = { file: KMS_SPEC, path: '/v2/{project_id}/kms/keys/{key_id}/update-primary-region', method: 'put' };

/** A KMS key as a session's state holds it now. */
export function kmsKey(session: { store: { data: StateData } }, keyId: string): KeyRecord | undefined {
  return (session.store.data.kms.keys as KeyRecord[]).find((k) => k.key_id === keyId);
}
