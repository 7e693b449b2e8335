import type { ErrorObject } from 'ajv';
import { escapePointer } from './spec';

/** One way a message differs from its document: where (a JSON pointer into it) and how. */
export interface Difference {
  pointer: string;
  message: string;
}

/** Where a proxied call differs from its document: in what the client sent, or what the provider answered. */
export interface Violation extends Difference {
  in: 'request' | 'response';
}

/** Ajv's errors as JSON pointers under `prefix`, naming the missing or extra field itself. */
export function ajvDifferences(errors: ErrorObject[] | null | undefined, prefix: string): Difference[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${escapePointer(String(e.params.missingProperty))}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${escapePointer(String(e.params.additionalProperty))}` : '';
    return { pointer: `${prefix}${e.instancePath}${missing}${extra}`, message: e.message ?? e.keyword };
  });
}
