import { join } from 'node:path';
import { readYamlFile } from '../documents/yaml-file';
import { DocumentedAnswer } from '../errors';
import type { OperationTable } from '../documents/operations';
import { describeAjvErrors, escapePointer, type SpecDocument } from '../documents/spec';
import { ajvDifferences, type Difference } from '../documents/ajv-pointers';
import type { PackState } from './store';

/** A fixture file of one pack: `fixtures/<pack>/<file>`, each record checked against `schema`. */
export interface FixtureCollection {
  file: string;
  /**
   * Name of a schema under components.schemas of the pack's document; with several, each
   * checks the fields its `properties` name and a field none of them names is refused.
   */
  schema: string | string[];
  /** Field that identifies a record; it must be unique in the file. */
  key: string;
  /** Further fields that must be unique across the file. */
  unique?: string[];
  /** The key is a credential: messages name the record by its place only, never by its value. */
  secretKey?: boolean;
}

/** A record that breaks its schema; the message names where it came from, the record and the field. */
export class RecordError extends Error {
  constructor(source: string, where: string, what: string) {
    super(`${source}, ${where}: ${what}`);
    this.name = 'RecordError';
  }
}

/** Stops start-up: names the file, the record and the field at fault. */
export class FixtureError extends RecordError {
  constructor(file: string, where: string, what: string) {
    super(`Bad fixture ${file}`, where, what);
    this.name = 'FixtureError';
  }
}

/** Keys a fixture record may carry besides its schema's fields; they steer the mock only. */
export const MOCK_STATUS_KEY = 'x-mock-status';

interface PackFixtures<S> {
  name: string;
  fixtures: Record<string, FixtureCollection>;
  checkRules?(state: S): string | undefined;
}

/** The pack's rules between records, once every record has passed its schema. */
function checkRules<S>(pack: PackFixtures<S>, state: PackState, source: string): PackState {
  const wrong = pack.checkRules?.(state as S);
  if (wrong) throw new RecordError(source, 'a rule between records', wrong);
  return state;
}

/** Reads and checks `<folder>/<file>` for every collection of a pack. */
export function loadPackFixtures<S>(folder: string, pack: PackFixtures<S>, spec: SpecDocument, ops: OperationTable): PackState {
  const state: PackState = {};
  for (const [collection, def] of Object.entries(pack.fixtures)) {
    const file = join(folder, def.file);
    let records: unknown;
    try {
      records = readYamlFile(file);
    } catch (err) {
      // The first line only: YAML's code frame would quote the file, secrets and all.
      throw new FixtureError(file, 'the file', (err as Error).message.split('\n')[0]);
    }
    const fail = (where: string, what: string) => new FixtureError(file, where, what);
    state[collection] = checkRecords(records, def, spec, ops, fail);
  }
  return checkRules(pack, state, `Bad fixtures ${folder}`);
}

/** Checks a whole state of one pack (as the admin API receives it), collection by collection. */
export function checkPackState<S>(raw: unknown, pack: PackFixtures<S>, spec: SpecDocument, ops: OperationTable): PackState {
  const state: PackState = {};
  for (const [collection, def] of Object.entries(pack.fixtures)) {
    const source = `Bad state ${pack.name}.${collection}`;
    const fail = (where: string, what: string) => new RecordError(source, where, what);
    state[collection] = checkRecords((raw as Record<string, unknown>)[collection], def, spec, ops, fail);
  }
  return checkRules(pack, state, `Bad state ${pack.name}`);
}

type Fail = (where: string, what: string) => RecordError;

function checkRecords(records: unknown, def: FixtureCollection, spec: SpecDocument, ops: OperationTable, fail: Fail): unknown[] {
  if (!Array.isArray(records)) throw fail('the collection', 'must be a list of records');
  const check = recordChecker(def.schema, spec, ops);
  const seen = new Map<string, Set<unknown>>();
  records.forEach((record: unknown, index) => {
    if (!record || typeof record !== 'object' || Array.isArray(record)) throw fail(`record ${index + 1}`, 'must be a mapping');
    const fields = record as Record<string, unknown>;
    // Named only when something is wrong: a string per record is start-up churn at 10,000.
    const where = () => (def.secretKey ? `record ${index + 1}` : `record ${index + 1} (${def.key} ${JSON.stringify(fields[def.key])})`);
    const wrong = check(fields);
    if (wrong) throw fail(where(), wrong.text);
    for (const field of [def.key, ...(def.unique ?? [])]) {
      const values = seen.get(field) ?? new Set();
      if (values.has(fields[field])) throw fail(where(), `field ${field} repeats an earlier record`);
      values.add(fields[field]);
      seen.set(field, values);
    }
  });
  return records;
}

/** What is wrong with one record: in words for a fixture's message, and as pointers into the record for a scenario's. */
export interface RecordFault {
  text: string;
  differences: Difference[];
}

function withoutKey(fields: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = fields;
  return rest;
}

/**
 * Checks a record against one schema, or each part of it against the schema that names its
 * fields, and its x-mock-status against the failures the document lists.
 */
export function recordChecker(schema: string | string[], spec: SpecDocument, ops: OperationTable): (record: Record<string, unknown>) => RecordFault | undefined {
  const parts = [schema].flat().map((name) => ({ name, validate: spec.componentSchema(name), fields: new Set(spec.propertyNames(name)) }));
  // Only failures: a forced success could not say anything true about the record.
  const statuses = new Set([...ops.documentedStatuses()].filter((status) => status >= 400));
  return (given) => {
    // A copy without the mock's key only where there is one: 10,000 copies grew the heap for nothing.
    const forced = given[MOCK_STATUS_KEY];
    const record = forced === undefined ? given : withoutKey(given, MOCK_STATUS_KEY);
    const fields = Object.keys(record);
    if (parts.length > 1) {
      const stray = fields.find((field) => !parts.some((p) => p.fields.has(field)));
      const message = `is in none of the schemas ${parts.map((p) => p.name).join(', ')}`;
      if (stray) return { text: `field ${stray} ${message}`, differences: [{ pointer: `/${escapePointer(stray)}`, message }] };
    }
    for (const part of parts) {
      // One object a part, built in the record's order (an array per field, as Object.entries
      // gives, made 10,000 keys' start-up churn through some 100 MB of short-lived memory).
      const subset = parts.length > 1 ? pick(record, fields, part.fields) : record;
      if (!part.validate(subset)) {
        return { text: `field ${describeAjvErrors(part.validate)} (schema ${part.name})`, differences: ajvDifferences(part.validate.errors, '') };
      }
    }
    if (forced !== undefined && !(typeof forced === 'number' && statuses.has(forced))) {
      const message = `must be an error status the document lists: ${[...statuses].join(', ')}`;
      return { text: `field ${MOCK_STATUS_KEY} ${message}`, differences: [{ pointer: `/${MOCK_STATUS_KEY}`, message }] };
    }
    return undefined;
  };
}

function pick(record: Record<string, unknown>, fields: string[], wanted: ReadonlySet<string>): Record<string, unknown> {
  const subset: Record<string, unknown> = {};
  for (const field of fields) if (wanted.has(field)) subset[field] = record[field];
  return subset;
}

/** A fixture record marked to fail answers as the document shows for that status. */
export function answerAsFixtureSays(record: object): void {
  const status = (record as Record<string, unknown>)[MOCK_STATUS_KEY];
  if (typeof status === 'number') {
    throw new DocumentedAnswer(status, `fixture record carries ${MOCK_STATUS_KEY}: ${status}`);
  }
}
