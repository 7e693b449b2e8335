import type { Expectation } from './check';
import type { Outgoing } from './client';

/** One conformance case: safe against a real service (reads, no-op writes, refusals that change nothing). */
export interface Case {
  operationId: string;
  name: string;
  request: Outgoing;
  expect: Expectation;
}

/** What the first reads found, for the cases that need an id. */
export type Found = Record<string, unknown>;

/** A step: a case, and what its answer tells the later ones. */
export interface Step {
  make(found: Found): Case | undefined;
  learn?(body: unknown, found: Found): void;
  /** When this case is refused for its credentials, verify cannot run (exit 2). */
  checksCredentials?: boolean;
}
