import { join } from 'node:path';
import { OperationTable } from '../core/documents/operations';
import { SPEC_DIR } from '../core/documents/paths';
import { SpecDocument } from '../core/documents/spec';
import { kmsSteps, rainbondSteps, type Found, type Step, type Writes } from './cases';
import { checkAnswer, type Drift } from './check';
import { send, Unreachable, type Credentials } from './client';

export type VerifiedApi = 'rainbond' | 'kms';

export interface VerifyOptions {
  target: string;
  apis: VerifiedApi[];
  credentials: Credentials;
  kmsProject?: string;
  writes: Writes;
}

export interface CaseResult {
  api: VerifiedApi;
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

function stepsOf(api: VerifiedApi, options: VerifyOptions): Step[] {
  if (api === 'rainbond') return rainbondSteps(options.writes);
  if (!options.kmsProject) throw new CannotVerify('verifying KMS needs --kms-project, the project id of the credentials');
  return kmsSteps(options.kmsProject, options.writes);
}

/**
 * Runs the conformance cases of each API against the target, in order (the first reads find
 * the ids the later cases use), and checks every answer against the documents.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const results: CaseResult[] = [];
  for (const api of options.apis) {
    const spec = new SpecDocument(join(SPEC_DIR, `${api}.openapi.yaml`));
    const operations = new OperationTable(spec);
    const found: Found = {};
    for (const step of stepsOf(api, options)) {
      const c = step.make(found);
      if (!c) continue;
      let answer;
      try {
        answer = await send(options.target, c.request, options.credentials);
      } catch (err) {
        if (err instanceof Unreachable) throw new CannotVerify(err.message);
        throw err;
      }
      if (step.checksCredentials && (answer.status === 401 || answer.status === 403)) {
        throw new CannotVerify(`${options.target} refused the ${api} credentials (${c.operationId} answered ${answer.status})`);
      }
      const operation = operations.byId.get(c.operationId);
      if (!operation) throw new Error(`regionmock bug: no operation ${c.operationId} in the ${api} document`);
      results.push({ api, operationId: c.operationId, case: c.name, status: answer.status, drifts: checkAnswer(spec, operation, answer, c.expect) });
      if (answer.status < 300) step.learn?.(answer.body, found);
    }
  }
  return { target: options.target, results, summary: { cases: results.length, drifted: results.filter((r) => r.drifts.length > 0).length } };
}
