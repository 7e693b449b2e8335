import { PyJsonError } from './python-json';

/**
 * Bytes read as Python reads them with the codec a request's charset names: Django keeps the
 * charset only when Python knows it (else its DEFAULT_CHARSET, utf8). Python's latin-1 and
 * ascii are not the WHATWG encodings of those labels (which are windows-1252), so they are
 * read here; other Python codecs that share a WHATWG name go through TextDecoder.
 */

/** The second byte's range for each UTF-8 lead byte that allows a narrower one (Unicode table 3-7). */
const SECOND: Record<number, [number, number]> = { 0xe0: [0xa0, 0xbf], 0xed: [0x80, 0x9f], 0xf0: [0x90, 0xbf], 0xf4: [0x80, 0x8f] };

const bad = (codec: string, byte: number, at: number, why: string) =>
  new PyJsonError(`'${codec}' codec can't decode byte 0x${byte.toString(16).padStart(2, '0')} in position ${at}: ${why}`);

/**
 * UTF-8 through a codecs StreamReader: the first bad byte is named as its UnicodeDecodeError
 * names it; an incomplete sequence at the very end waits for more bytes that never come, so it
 * is dropped without a word.
 */
function utf8(bytes: Buffer): string {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const size = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (size === 0) throw bad('utf-8', lead, i, 'invalid start byte');
    for (let k = 1; k < size; k++) {
      if (i + k >= bytes.length) return bytes.subarray(0, i).toString('utf8');
      const [low, high] = k === 1 ? (SECOND[lead] ?? [0x80, 0xbf]) : [0x80, 0xbf];
      if (bytes[i + k] < low || bytes[i + k] > high) throw bad('utf-8', lead, i, 'invalid continuation byte');
    }
    i += size;
  }
  return bytes.toString('utf8');
}

function ascii(bytes: Buffer): string {
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) throw bad('ascii', bytes[at], at, 'ordinal not in range(128)');
  return bytes.toString('latin1');
}

/** Python's name for a codec, as `codecs.lookup` normalizes it, for the ones read here by hand. */
function normal(charset: string): string {
  const name = charset.trim().toLowerCase().replace(/_/g, '-');
  if (['utf-8', 'utf8', 'u8', 'utf', 'cp65001'].includes(name)) return 'utf-8';
  if (['utf-8-sig', 'utf8-sig'].includes(name)) return 'utf-8-sig';
  if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', '8859', 'cp819', 'latin', 'l1'].includes(name)) return 'latin-1';
  if (['ascii', 'us-ascii', '646'].includes(name)) return 'ascii';
  return name;
}

/** The request's text in its charset, as Python decodes it (strictly); throws PyJsonError with Python's words. */
export function pythonDecode(bytes: Buffer, charset: string | undefined): string {
  const codec = normal(charset ?? 'utf-8');
  if (codec === 'utf-8') return utf8(bytes);
  if (codec === 'utf-8-sig') return utf8(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  if (codec === 'latin-1') return bytes.toString('latin1');
  if (codec === 'ascii') return ascii(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(codec, { fatal: true });
  } catch {
    // A charset Python does not know: Django falls back on its DEFAULT_CHARSET.
    return utf8(bytes);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new PyJsonError(`'${codec}' codec can't decode the body`);
  }
}

/** Decoding that replaces what does not decode (Python's errors='replace'), for form names and values. */
export function pythonDecodeLoosely(bytes: Buffer, charset: string | undefined): string {
  const codec = normal(charset ?? 'utf-8');
  if (codec === 'latin-1') return bytes.toString('latin1');
  if (codec === 'ascii') return bytes.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
  try {
    return new TextDecoder(codec.replace(/-sig$/, '')).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}
