import type { Answer } from './check';
import type { FlagValues, VerifyPlan } from './plan';

export interface Outgoing {
  api: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  /** False for the cases that check a refusal of a call without credentials. */
  authenticated: boolean;
}

/** The target could not be reached: verify cannot say anything about it. */
export class Unreachable extends Error {}

/** Sends one case's request to the target, with the API's credentials, as its clients would. */
export async function send(target: string, req: Outgoing, plan: VerifyPlan, values: FlagValues): Promise<Answer> {
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  const bare: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  const headers = req.authenticated ? plan.authenticate(req, bare, body, target, values) : bare;
  let res: Response;
  try {
    // A redirect is not followed: it would carry the credentials to wherever it points.
    res = await fetch(`${target}${req.path}`, { method: req.method, headers, body, redirect: 'manual' });
  } catch (err) {
    throw new Unreachable(`${target} cannot be reached: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the body's schema check says so.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
