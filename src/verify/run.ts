import { OperationTable } from '../core/documents/operations';
import { SpecDocument } from '../core/documents/spec';
import { scrubbed, secretFieldsOf } from '../core/documents/secrets';
import type { Found } from './cases';
import { checkAnswer, type Drift } from './check';
import { send, Unreachable } from './client';
import type { FlagValues, VerifyPlan } from './plan';

export interface VerifyOptions {
  target: string;
  /** The APIs to check, each with its plan (src/apis/<vendor>/verify.ts). */
  plans: VerifyPlan[];
  /** The flags given, by name. */
  values: FlagValues;
  /** Whether no-op writes may be sent. */
  writes: boolean;
}

export interface CaseResult {
  api: string;
  operationId: string;
  case: string;
  status: number;
  drifts: Drift[];
}

export interface VerifyReport {
  target: string;
  results: CaseResult[];
  summary: { cases: number; drifted: number };
}

/** Verify could not say whether the provider drifted: it is out of reach, or refused the credentials. */
export class CannotVerify extends Error {}

/**
 * Runs the conformance cases of each API against the target, in order (the first reads find
 * the ids the later cases use), and checks every answer against the documents.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const results: CaseResult[] = [];
  for (const plan of options.plans) {
    const { api } = plan;
    const spec = new SpecDocument(plan.specFile);
    const operations = new OperationTable(spec);
    const secrets = secretFieldsOf(spec);
    const found: Found = {};
    for (const step of plan.steps(options.values, options.writes)) {
      const c = step.make(found);
      if (!c) continue;
      let answer;
      try {
        answer = await send(options.target, c.request, plan, options.values);
      } catch (err) {
        if (err instanceof Unreachable) throw new CannotVerify(err.message);
        throw err;
      }
      if (step.checksCredentials && (answer.status === 401 || answer.status === 403)) {
        throw new CannotVerify(`${options.target} refused the ${api} credentials (${c.operationId} answered ${answer.status})`);
      }
      const operation = operations.byId.get(c.operationId);
      if (!operation) throw new Error(`regionmock bug: no operation ${c.operationId} in the ${api} document`);
      // A drift's message may quote what the provider answered: its secrets are taken out, as everywhere.
      const seen: string[] = [];
      secrets.maskValue(answer.body, seen);
      const drifts = checkAnswer(spec, operation, answer, c.expect).map((d) => ({ ...d, message: scrubbed(d.message, seen) }));
      results.push({ api, operationId: c.operationId, case: c.name, status: answer.status, drifts });
      if (answer.status < 300) step.learn?.(answer.body, found);
    }
  }
  return { target: options.target, results, summary: { cases: results.length, drifted: results.filter((r) => r.drifts.length > 0).length } };
}
