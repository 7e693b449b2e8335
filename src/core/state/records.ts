/** A record as a vendor shows it: the fields it names, in its order, those it has. */
export function pickInOrder<T extends object>(record: T, fields: readonly (keyof T & string)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const field of fields) if (record[field] !== undefined) out[field] = record[field];
  return out;
}

/** A copy of a list with one element replaced: the list it came from stays as it was (states are never changed in place). */
export function replacedAt<T>(list: readonly T[], index: number, next: T): T[] {
  const copy = [...list];
  copy[index] = next;
  return copy;
}
