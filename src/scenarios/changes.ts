import { isDeepStrictEqual } from 'node:util';
import { escapePointer } from '../core/documents/spec';
import { RecordError } from '../core/state/fixtures';
import type { ApiEntry } from '../core/state/catalog';
import type { PackState, StateData } from '../core/state/store';
import { ScenarioProblem, type ApiChanges, type CollectionChanges } from './scenario';

type Row = Record<string, unknown>;
const at = (...parts: (string | number)[]) => parts.map((p) => `/${escapePointer(String(p))}`).join('');

/**
 * The state a scenario's changes make of the fixtures: in each collection the fixtures' records
 * in their order, less those removed, with those changed in their place, then those added.
 * Every record is checked against its schemas as it is read, so a problem is named by its
 * pointer in the scenario; the rules between records are checked once the state is whole.
 */
export function stateFromChanges(seed: StateData, changes: ApiChanges, apis: ApiEntry[], source: string): StateData {
  const state: StateData = {};
  for (const api of apis) {
    // An API the scenario leaves as the fixtures is theirs, checked at start-up already.
    if (!api.collections.some((collection) => changes[api.name]?.[collection])) {
      state[api.name] = seed[api.name];
      continue;
    }
    const next: PackState = {};
    for (const collection of api.collections) {
      const given = changes[api.name]?.[collection];
      const base = seed[api.name][collection] as Row[];
      next[collection] = given ? changedCollection(base, given, api, collection, source) : base;
    }
    try {
      state[api.name] = api.checkState(next);
    } catch (err) {
      if (err instanceof RecordError) throw new ScenarioProblem(source, at('apis', api.name), err.message);
      throw err;
    }
  }
  return state;
}

function changedCollection(base: Row[], changes: CollectionChanges, api: ApiEntry, collection: string, source: string): Row[] {
  const key = api.keys[collection];
  const where = (...parts: (string | number)[]) => at('apis', api.name, collection, ...parts);
  const fail = (pointer: string, problem: string) => new ScenarioProblem(source, pointer, problem);
  const keys = new Set(base.map((row) => row[key]));
  // A key that is a credential is named by its place only, as the fixtures' messages do.
  const named = (value: unknown, pointer: string) => (api.secretCollections.has(collection) ? `the ${key} at ${pointer}` : `${key} ${JSON.stringify(value)}`);
  const check = (record: Row, list: 'added' | 'changed', index: number) => {
    const fault = api.checkRecord(collection, record);
    if (fault) throw fail(where(list, index) + (fault.differences[0]?.pointer ?? ''), fault.differences[0]?.message ?? fault.text);
  };
  const removed = new Set<unknown>();
  (changes.removed ?? []).forEach((value, index) => {
    if (!keys.has(value)) throw fail(where('removed', index), `no fixture record of ${collection} has ${named(value, where('removed', index))}`);
    removed.add(value);
  });
  const changed = new Map<unknown, Row>();
  (changes.changed ?? []).forEach((record, index) => {
    check(record, 'changed', index);
    const value = record[key];
    if (!keys.has(value) || removed.has(value)) throw fail(where('changed', index, key), `no fixture record of ${collection} that stays has ${named(value, where('changed', index, key))}; a new record goes in added`);
    if (changed.has(value)) throw fail(where('changed', index, key), `changes the same record as an earlier entry of changed`);
    changed.set(value, record);
  });
  (changes.added ?? []).forEach((record, index) => check(record, 'added', index));
  return [...base.filter((row) => !removed.has(row[key])).map((row) => changed.get(row[key]) ?? row), ...(changes.added ?? [])];
}

/**
 * A state as changes from the fixtures, that `stateFromChanges` makes back into the same
 * state, order and all: the longest run of fixture records at the start of a collection, in
 * the fixtures' order, is kept (changed where it differs); whatever follows is added, and a
 * fixture record not kept is removed (and added again if it is further on).
 */
export function changesFromState(seed: StateData, state: StateData, apis: ApiEntry[]): ApiChanges {
  const out: ApiChanges = {};
  for (const api of apis) {
    for (const collection of api.collections) {
      const base = seed[api.name][collection] as Row[];
      const now = state[api.name][collection] as Row[];
      if (now === base) continue;
      const diff = collectionChanges(base, now, api.keys[collection]);
      if (diff) (out[api.name] ??= {})[collection] = diff;
    }
  }
  return out;
}

function collectionChanges(base: Row[], now: Row[], key: string): CollectionChanges | undefined {
  const place = new Map(base.map((row, index) => [row[key], index]));
  let kept = 0;
  let last = -1;
  while (kept < now.length) {
    const index = place.get(now[kept][key]);
    if (index === undefined || index <= last) break;
    last = index;
    kept += 1;
  }
  const stays = new Set(now.slice(0, kept).map((row) => row[key]));
  const removed = base.filter((row) => !stays.has(row[key])).map((row) => row[key]);
  const changed = now.slice(0, kept).filter((row) => {
    const was = base[place.get(row[key]) as number];
    return row !== was && !isDeepStrictEqual(row, was);
  });
  const added = now.slice(kept);
  if (removed.length === 0 && changed.length === 0 && added.length === 0) return undefined;
  return { ...(added.length ? { added } : {}), ...(changed.length ? { changed } : {}), ...(removed.length ? { removed } : {}) };
}
