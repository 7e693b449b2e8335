import { ajvDifferences, type Difference } from '../core/documents/ajv-pointers';
import type { Operation } from '../core/documents/operations';
import type { SpecDocument } from '../core/documents/spec';
import { escapePointer } from '../core/documents/spec';

/** One way an answer differs from the documents: where (a JSON pointer into the answer) and how. */
export type Drift = Difference;

/** An answer as `verify` got it. */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** What a case expects beyond the document: the status, and for a refusal the vendor's error code. */
export interface Expectation {
  status: number;
  code?: string;
}

type HeaderObject = { schema?: { pattern?: string } };
type ResponseObject = { headers?: Record<string, HeaderObject | { $ref: string }> };

/** The vendor's error code in either envelope: flat (Huawei's gateway) or nested (KMS), or Rainbond's `code`. */
function errorCode(body: unknown): { pointer: string; code: unknown } {
  const b = (body ?? {}) as Record<string, unknown>;
  if ('error_code' in b) return { pointer: '/body/error_code', code: b.error_code };
  const nested = b.error as Record<string, unknown> | undefined;
  if (nested && typeof nested === 'object') return { pointer: '/body/error/error_code', code: nested.error_code };
  return { pointer: '/body/code', code: b.code };
}

/**
 * Checks one answer against the operation's document and the case's expectation: the status,
 * the headers the document declares for it (X-Request-Id), the body's schema (so the error
 * envelope too), and the error code a refusal must carry.
 */
export function checkAnswer(spec: SpecDocument, operation: Operation, answer: Answer, expected: Expectation): Drift[] {
  const drifts: Drift[] = [];
  if (answer.status !== expected.status) drifts.push({ pointer: '/status', message: `expected ${expected.status}, got ${answer.status}` });
  const documented = operation.responses.get(answer.status);
  if (!documented) {
    drifts.push({ pointer: '/status', message: `${answer.status} is not a status ${operation.operationId} documents` });
    return drifts;
  }
  const raw = spec.doc.paths[operation.pathTemplate]?.[operation.method.toLowerCase()] as { responses?: Record<string, unknown> } | undefined;
  const response = spec.resolve<ResponseObject>((raw?.responses?.[String(answer.status)] ?? {}) as ResponseObject);
  for (const [name, ref] of Object.entries(response.headers ?? {})) {
    const header = spec.resolve<HeaderObject>(ref);
    const value = answer.headers.get(name);
    const pattern = header.schema?.pattern;
    if (value === null) drifts.push({ pointer: `/headers/${escapePointer(name.toLowerCase())}`, message: 'the document declares this header; the answer has none' });
    else if (pattern && !new RegExp(pattern).test(value)) drifts.push({ pointer: `/headers/${escapePointer(name.toLowerCase())}`, message: `must match ${pattern}` });
  }
  const validate = documented.validator();
  if (validate && !validate(answer.body)) drifts.push(...ajvDifferences(validate.errors, '/body'));
  if (expected.code !== undefined) {
    const { pointer, code } = errorCode(answer.body);
    if (code !== expected.code) drifts.push({ pointer, message: `expected error code ${expected.code}, got ${JSON.stringify(code)}` });
  }
  return drifts;
}
