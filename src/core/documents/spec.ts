// documents/: what the files say, read once per process. The vendors' OpenAPI documents (spec.ts,
// overlay.ts, yaml-file.ts, paths.ts), the operation table (operations.ts), Ajv's errors as
// pointers (ajv-pointers.ts), the request validator and its route cache (request-validator.ts,
// route-matchers.ts), the start-up cache (compile-cache.ts) and the fields they mark secret (secrets.ts).
// May import: errors.ts only. Nothing of the pipeline (state/ onwards) is imported here.

import Ajv, { type ValidateFunction } from 'ajv';
import { readYamlFile } from './yaml-file';

export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
};

/**
 * One vendor document, parsed once, with a schema compiler that resolves the document's own
 * $refs. Fixtures, responses and examples are all checked through it, so they cannot drift
 * from what the request validator enforces.
 */
export class SpecDocument {
  readonly doc: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly id: string;
  private readonly cache = new Map<string, ValidateFunction>();

  /** `complete` fills in what the file leaves to start-up, before anything is compiled from it. */
  constructor(readonly file: string, complete?: (doc: OpenApiDocument) => void) {
    this.doc = readYamlFile(file) as OpenApiDocument;
    complete?.(this.doc);
    this.id = `spec:${file}`;
    // OpenAPI 3.0 carries keywords Ajv does not know (example, x-*); they are annotations. The
    // document is added whole for its $refs, not as a JSON Schema: checking it against the
    // meta-schema costs start-up time and says nothing (the suite checks the documents).
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
    this.ajv.addSchema(this.doc as object, this.id);
  }

  /** A validator for the schema at a JSON pointer inside the document, compiled once. */
  validator(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.getSchema(`${this.id}#${pointer}`);
      if (!fn) throw new Error(`${this.file}: no schema at ${pointer}`);
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  /** Lower-case names of the headers the document's API-key schemes read credentials from. */
  credentialHeaders(): string[] {
    const schemes = (this.doc.components as { securitySchemes?: Record<string, { type?: string; in?: string; name?: string }> } | undefined)
      ?.securitySchemes;
    return Object.values(schemes ?? {})
      .filter((s) => s.type === 'apiKey' && s.in === 'header' && s.name)
      .map((s) => (s.name as string).toLowerCase());
  }

  /** The property names a component schema lists at its top level. */
  propertyNames(name: string): string[] {
    const schema = this.resolve<{ properties?: Record<string, unknown> }>({ $ref: `#/components/schemas/${escapePointer(name)}` });
    return Object.keys(schema.properties ?? {});
  }

  componentSchema(name: string): ValidateFunction {
    return this.validator(`/components/schemas/${escapePointer(name)}`);
  }

  /** Follows one local $ref, as response and parameter objects may be references. */
  resolve<T>(node: T | { $ref: string }): T {
    if (node && typeof node === 'object' && '$ref' in node && typeof node.$ref === 'string') {
      let cur: unknown = this.doc;
      for (const part of node.$ref.replace(/^#\//, '').split('/')) {
        cur = (cur as Record<string, unknown>)[unescapePointer(part)];
      }
      return this.resolve(cur as T);
    }
    return node as T;
  }
}

export function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function describeAjvErrors(fn: ValidateFunction): string {
  return (fn.errors ?? [])
    .map((e) =>
      e.keyword === 'required'
        ? `${e.instancePath}/${String(e.params.missingProperty)} is required`
        : `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`,
    )
    .join('; ');
}
