import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readText } from '../documents/yaml-file';
import type { StateData } from './store';

/**
 * The data file's change log (FILE.log beside FILE): what each acknowledged write changed since
 * FILE was last written whole, one JSON line a write. Its first line names the FILE it applies
 * to by the hash of FILE's text, so a log left beside a newer FILE (a crash between writing
 * FILE whole and removing the log, or FILE edited by hand) is known stale and ignored.
 */

/** In one list of one pack, `remove` elements from `at` replaced by `insert`. */
export interface Splice {
  list: [pack: string, collection: string];
  at: number;
  remove: number;
  insert: unknown[];
}

const HEADER = 'regionmock change log';

export const logFileOf = (file: string): string => `${file}.log`;

const textHash = (text: string): string => createHash('sha1').update(text).digest('hex');

/** The log's first line, naming the text of FILE it applies to. */
export const logHeader = (baseText: string): string => JSON.stringify({ [HEADER]: 1, base: textHash(baseText) });

const sameKeys = (a: object, b: object): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k));
};

/**
 * What turns `before` into `after`, found by identity: states are frozen and share unchanged
 * parts, so an unchanged pack, list or record is the same object in both, and a list's change is
 * the span between the longest shared head and tail (an update, an insert or a removal is
 * one record). Undefined when the shape itself changed (a pack or collection added or gone).
 */
export function changesBetween(before: StateData, after: StateData): Splice[] | undefined {
  if (!sameKeys(before, after)) return undefined;
  const splices: Splice[] = [];
  for (const [pack, lists] of Object.entries(after)) {
    const old = before[pack];
    if (old === lists) continue;
    if (!sameKeys(old, lists)) return undefined;
    for (const [name, list] of Object.entries(lists)) {
      const was = old[name];
      if (was === list) continue;
      if (!Array.isArray(was) || !Array.isArray(list)) return undefined;
      splices.push(spliceBetween([pack, name], was, list));
    }
  }
  return splices;
}

function spliceBetween(list: [string, string], was: readonly unknown[], now: readonly unknown[]): Splice {
  const shorter = Math.min(was.length, now.length);
  let head = 0;
  while (head < shorter && was[head] === now[head]) head += 1;
  let tail = 0;
  while (tail < shorter - head && was[was.length - 1 - tail] === now[now.length - 1 - tail]) tail += 1;
  return { list, at: head, remove: was.length - head - tail, insert: now.slice(head, now.length - tail) };
}

/** The line a write appends: its splices, in order. */
export const changeLine = (splices: Splice[]): string => JSON.stringify({ change: splices });

const isSplice = (s: unknown): s is Splice => {
  const x = s as Splice;
  return typeof x === 'object' && x !== null && Array.isArray(x.list) && x.list.length === 2 && Number.isInteger(x.at) && Number.isInteger(x.remove) && Array.isArray(x.insert);
};

/** Applies one line's splices to a state read from the file (plain JSON, not yet frozen). */
function apply(state: Record<string, Record<string, unknown>>, splices: unknown): boolean {
  if (!Array.isArray(splices) || !splices.every(isSplice)) return false;
  for (const { list, at, remove, insert } of splices) {
    const target = state[list[0]]?.[list[1]];
    if (!Array.isArray(target) || at < 0 || remove < 0 || at + remove > target.length) return false;
    // Spread arguments have a limit; a long insert (a list given whole) rebuilds the list.
    if (insert.length < 10_000) target.splice(at, remove, ...insert);
    else state[list[0]][list[1]] = [...target.slice(0, at), ...insert, ...target.slice(at + remove)];
  }
  return true;
}

/** A line of the log as JSON, or undefined when it is not one (a JSON error's words quote the text, which may hold a token). */
function parsed(line: string): { change?: unknown; base?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The state the data file holds: FILE, then its log's changes in order. A last line that is cut
 * short or not JSON is a write that never completed (the mock answers only after its line is
 * flushed) and is not applied; a bad line before it means the log was damaged, which stops
 * start-up. Throws SyntaxError when FILE itself is not JSON.
 */
export function readDataState(file: string): unknown {
  const baseText = readText(file);
  const state = JSON.parse(baseText) as unknown;
  const log = logFileOf(file);
  if (!existsSync(log)) return state;
  const lines = readText(log).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = parsed(lines[0] ?? '');
  if (header?.base !== textHash(baseText)) {
    if (header === undefined && lines.length > 1) throw new Error(`its change log ${log} does not start with its header`);
    return state;
  }
  if (typeof state !== 'object' || state === null) return state;
  for (let i = 1; i < lines.length; i += 1) {
    const line = parsed(lines[i]);
    if (line !== undefined && apply(state as Record<string, Record<string, unknown>>, line.change)) continue;
    if (i === lines.length - 1 && line === undefined) break;
    throw new Error(`its change log ${log} has a bad change on line ${i + 1}`);
  }
  return state;
}
