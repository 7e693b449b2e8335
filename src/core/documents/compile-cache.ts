import { statSync } from 'node:fs';

/**
 * What start-up builds from files (documents compiled, validators, fixtures read and
 * checked), kept for the life of the process: a suite that starts a mock per test file
 * builds it once. A value is rebuilt when one of its files changes (size or time), so an
 * edited fixture is read again. The oldest of more than MAX_ENTRIES distinct builds is let
 * go, so a suite making many fixture folders does not keep them all.
 */
const MAX_ENTRIES = 32;
const entries = new Map<string, { stamp: string; value: unknown }>();

function stampOf(files: string[]): string {
  return files
    .map((file) => {
      try {
        const s = statSync(file);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        // A file that cannot be read is the builder's to report; it is never kept.
        return 'missing';
      }
    })
    .join('|');
}

/** The value `build` makes from `files`, built the first time and whenever a file changed. */
export function builtOnce<T>(key: string, files: string[], build: () => T): T {
  const stamp = stampOf(files);
  const kept = entries.get(key);
  if (kept && kept.stamp === stamp && !stamp.includes('missing')) {
    // Most recently used last, so the oldest goes first.
    entries.delete(key);
    entries.set(key, kept);
    return kept.value as T;
  }
  const value = build();
  entries.set(key, { stamp, value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return value;
}
