import type { Step } from './cases';
import type { Outgoing } from './client';

/** The values given to `regionmock verify`: flags, or the variables that stand for them. */
export type FlagValues = Record<string, string | undefined>;

/** A flag of verify that a vendor adds: the variable that may give it instead (for secrets), and what it is for. */
export interface VerifyFlag {
  env?: string;
  value: string;
  help: string;
}

/**
 * What `regionmock verify` needs of a vendor to check a provider of its API: its document,
 * its flags (credentials, ids), what a usable set of them is, its conformance cases, and how
 * its clients authenticate. Each pack keeps its own; verify names none.
 */
export interface VerifyPlan {
  api: string;
  specFile: string;
  flags: Record<string, VerifyFlag>;
  /** The flags' part of the usage line, e.g. `[--x-token T]`. */
  usage: string;
  /** What is wrong with the values for this API, if anything (a usage error). */
  problem?(values: FlagValues): string | undefined;
  /** The cases, in order; `writes` says whether no-op writes may be sent. */
  steps(values: FlagValues, writes: boolean): Step[];
  /** The headers of an authenticated request, as the API's clients send them. */
  authenticate(req: Outgoing, headers: Record<string, string>, body: string | undefined, target: string, values: FlagValues): Record<string, string>;
}
