import * as OpenApiValidator from 'express-openapi-validator';
import type { Request, RequestHandler, Response } from 'express';
import type { FieldIssue, Problem } from '../errors';
import { cacheValidatorRouteMatchers } from './route-matchers';
import type { OpenApiDocument } from './spec';

/** Resolves when the request passed, rejects with the validator's error when it did not. */
export type RequestCheck = (req: Request, res: Response) => Promise<void>;

/**
 * express-openapi-validator checking requests only (responses are checked by the core's own
 * table). Its steps are run in a row here rather than as Express layers, which measured
 * cheaper; what they do is the library's own.
 */
export function requestValidator(doc: OpenApiDocument, unknownQuery: 'ignore' | 'refuse'): RequestCheck {
  cacheValidatorRouteMatchers(Object.keys(doc.paths));
  const steps = OpenApiValidator.middleware({
    apiSpec: structuredClone(doc) as never,
    // The documents are checked by the test suite (spec.test.ts); at start-up it costs ~0.4 s.
    validateApiSpec: false,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: unknownQuery === 'ignore' },
    validateResponses: false,
    validateSecurity: false,
    ignoreUndocumented: true,
    // No document takes multipart bodies; without an uploader such a body is refused as 415.
    fileUploader: false,
  }) as unknown as RequestHandler[];
  return (req, res) =>
    new Promise((resolve, reject) => {
      let index = 0;
      const next = (err?: unknown): void => {
        if (err) return reject(err);
        const step = steps[index++];
        if (!step) return resolve();
        try {
          // As Express 5 does: a step's rejected promise counts as an error passed on.
          Promise.resolve(step(req, res, next)).catch(reject);
        } catch (thrown) {
          reject(thrown);
        }
      };
      next();
    });
}

/** The shape express-openapi-validator gives its errors (a library edge, hence loosely typed). */
interface ValidatorError {
  status?: number;
  message?: string;
  errors?: Array<{ path?: string; message?: string; errorCode?: string; params?: Record<string, unknown> }>;
}

export function isValidatorError(err: unknown): err is ValidatorError {
  return typeof err === 'object' && err !== null && Array.isArray((err as ValidatorError).errors) && typeof (err as ValidatorError).status === 'number';
}

/** Turns the validator's error into a problem in the core's own terms. */
export function problemFromValidator(err: ValidatorError, contentType: string, sent: Sent): Problem {
  if (err.status === 415) return { kind: 'unsupported-media-type', contentType };
  if (err.status !== 400) return { kind: 'internal', detail: err.message ?? 'request validation failed' };
  return { kind: 'invalid', issues: (err.errors ?? []).map((item) => withValue(toIssue(item), sent)) };
}

/** What the request carried, to look up the value behind each finding. */
export type Sent = Record<FieldIssue['in'], unknown>;

function withValue(issue: FieldIssue, sent: Sent): FieldIssue {
  let value: unknown = sent[issue.in];
  for (const part of issue.field ? issue.field.split('.') : []) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return { ...issue, value };
}

const LOCATIONS = new Set(['body', 'path', 'query', 'headers']);

function toIssue(item: NonNullable<ValidatorError['errors']>[number]): FieldIssue {
  // Paths look like "/body/url", ".body.url" or "/params/key_id" depending on the check.
  const parts = (item.path ?? '').split(/[./]/).filter(Boolean);
  let where = parts.shift() ?? 'body';
  if (where === 'params') where = 'path';
  return {
    in: (LOCATIONS.has(where) ? where : 'body') as FieldIssue['in'],
    // A missing property is already named at the end of its path.
    field: parts.join('.'),
    keyword: (item.errorCode ?? '').replace(/\.openapi\.validation$/, '') || 'invalid',
    message: item.message ?? 'is invalid',
    params: item.params ?? {},
  };
}
