import type { DelayRange } from '../session/faults';

/** The most a Prefer header or a fault may hold an answer back, so a typo cannot hang a suite. */
export const MAX_DELAY_MS = 120_000;

export interface Preference {
  code?: number;
  delayMs?: number;
}

export const PREFER_USAGE = 'Prefer accepts code=<status the operation documents> and delay=<0 to 120000 ms>, e.g. "Prefer: code=504, delay=1500"';

export class PreferError extends Error {
  override name = 'PreferError';
}

/** Reads Prism's syntax, `code=504, delay=1500`; anything else is refused rather than ignored. */
export function parsePrefer(header: string | undefined): Preference {
  if (header === undefined || header.trim() === '') return {};
  const preference: Preference = {};
  for (const part of header.split(/[,;]/)) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^(code|delay)\s*=\s*"?(\d{1,6})"?$/.exec(item);
    if (!m) throw new PreferError(`regionmock: cannot read "${item.slice(0, 60)}" in Prefer. ${PREFER_USAGE}`);
    const value = Number(m[2]);
    const key = m[1] === 'code' ? 'code' : 'delayMs';
    if (preference[key] !== undefined) throw new PreferError(`regionmock: ${m[1]} is given twice in Prefer. ${PREFER_USAGE}`);
    if (m[1] === 'code') preference.code = value;
    else if (value > MAX_DELAY_MS) throw new PreferError(`regionmock: delay=${value} is too long. ${PREFER_USAGE}`);
    else preference.delayMs = value;
  }
  return preference;
}

/** `min-max` or a single number of milliseconds, as MOCK_LATENCY_MS and --latency take it. */
export function parseDelayRange(text: string): DelayRange {
  const m = /^\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?$/.exec(text);
  const min = m ? Number(m[1]) : NaN;
  const max = m?.[2] !== undefined ? Number(m[2]) : min;
  if (!m || min > max || max > MAX_DELAY_MS) {
    throw new PreferError(`a latency must be "min-max" in milliseconds (0 to ${MAX_DELAY_MS}, min not above max), got "${text}"`);
  }
  return { min, max };
}

export function pickDelay(range: DelayRange | undefined): number {
  if (!range) return 0;
  return range.min + Math.floor(Math.random() * (range.max - range.min + 1));
}
