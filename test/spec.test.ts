import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ADMIN_SPEC, KMS_SPEC, RAINBOND_SPEC } from './helpers';

type Node = Record<string, unknown>;

/** Every `example` in a dereferenced document, with the schema it must satisfy. */
function examples(doc: Node): Array<{ where: string; schema: unknown; example: unknown }> {
  const found: Array<{ where: string; schema: unknown; example: unknown }> = [];
  const walk = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if ('example' in n && 'schema' in n) found.push({ where, schema: n.schema, example: n.example });
    else if ('example' in n && 'type' in n) found.push({ where, schema: n, example: n.example });
    for (const [key, child] of Object.entries(n)) if (key !== 'example') walk(child, `${where}/${key}`);
  };
  walk(doc, '');
  return found;
}

describe.each([
  ['rainbond', RAINBOND_SPEC],
  ['kms', KMS_SPEC],
  ['admin', ADMIN_SPEC],
])('the %s document', (_name, file) => {
  it('is a valid OpenAPI 3.0 document', async () => {
    const raw = parse(readFileSync(file, 'utf8')) as Node;
    expect(String(raw.openapi)).toMatch(/^3\.0\.\d+$/);
    await expect(SwaggerParser.validate(structuredClone(raw) as never)).resolves.toBeDefined();
  });

  it('has examples, and every one matches its own schema', async () => {
    const doc = (await SwaggerParser.dereference(parse(readFileSync(file, 'utf8')))) as unknown as Node;
    const all = examples(doc);
    expect(all.length).toBeGreaterThan(8);
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    for (const { where, schema, example } of all) {
      const validate = ajv.compile(schema as object);
      const ok = validate(example);
      expect({ where, errors: validate.errors ?? [] }).toEqual({ where, errors: [] });
      expect(ok).toBe(true);
    }
  });

  it('gives every documented status of every operation a JSON schema and an example', async () => {
    const doc = (await SwaggerParser.dereference(parse(readFileSync(file, 'utf8')))) as unknown as Node;
    for (const item of Object.values(doc.paths as Node)) {
      for (const op of Object.values(item as Node)) {
        const responses = (op as Node).responses as Node | undefined;
        if (!responses) continue;
        for (const [status, response] of Object.entries(responses)) {
          // The metrics are Prometheus's text format, which its scrapers read; every other answer is JSON.
          const type = (op as Node).operationId === 'metrics' && status === '200' ? 'text/plain' : 'application/json';
          const json = ((response as Node).content as Node)[type] as Node;
          expect({ status, schema: Boolean(json.schema), example: json.example !== undefined }).toEqual({ status, schema: true, example: true });
        }
      }
    }
  });
});

describe('the Rainbond document', () => {
  it('documents 400 and 404 as Rainbond does and marks 401, 403, 415, 500, 502 and 504 as the mock\'s additions', async () => {
    const doc = (await SwaggerParser.dereference(parse(readFileSync(RAINBOND_SPEC, 'utf8')))) as unknown as Node;
    const put = ((doc.paths as Node)['/openapi/v2/manage/regions/{region_id}'] as Node).put as Node;
    const responses = put.responses as Record<string, Node>;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '415', '500', '502', '504']);
    for (const status of ['401', '403', '415', '500', '502', '504']) expect(responses[status]['x-mock-addition']).toBe(true);
    for (const status of ['200', '400', '404']) expect(responses[status]['x-mock-addition']).toBeUndefined();
  });
});
