import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What the gateway needs of a request to check its signature: as it came, before any parsing. */
export interface SignedRequest {
  method: string;
  /** The path and query as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body's text as sent; none for a request without one. */
  body: string | undefined;
}

export type SignatureVerdict =
  | { ok: true; ak: string }
  | { ok: false; why: 'no-signature' | 'malformed' | 'date' | 'date-skew' | 'unknown-ak' | 'mismatch'; ak?: string };

const ALGORITHM = 'SDK-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** The gateway refuses a date further than this from its own clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 percent-encoding of everything but the unreserved characters, as Huawei's signers encode. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(path: string): string {
  const encoded = path.split('/').map(encode).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function canonicalQuery(query: string): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(query)) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  return [...byKey.keys()]
    .sort()
    .flatMap((key) => [...(byKey.get(key) as string[])].sort().map((value) => `${encode(key)}=${encode(value)}`))
    .join('&');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The body's part of the signature. The SDKs sign `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`
 * in its place for bodies that are not JSON; any other value claimed there must be the
 * body's own hash, so the mock always hashes the body itself.
 */
function payloadHash(req: SignedRequest): string {
  return req.headers['x-sdk-content-sha256'] === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256(req.body ?? '');
}

/** The text an SDK signs for a request: Huawei's canonical request, hashed, after the algorithm and the date. */
function stringToSign(req: SignedRequest, signedHeaders: string[], date: string): string {
  const [path, query = ''] = req.url.split(/\?(.*)/s);
  const headers = signedHeaders.map((name) => {
    const value = req.headers[name];
    return `${name}:${Array.isArray(value) ? value.join(', ') : (value ?? '')}\n`;
  });
  const canonical = [req.method, canonicalPath(path), canonicalQuery(query), headers.join(''), signedHeaders.join(';'), payloadHash(req)].join('\n');
  return [ALGORITHM, date, sha256(canonical)].join('\n');
}

/** The time an `X-Sdk-Date` names, or none when it is not one. */
function sdkDate(text: string): number | undefined {
  const m = SDK_DATE.exec(text);
  if (!m) return undefined;
  const time = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Checks an AK/SK signature as Huawei's API gateway does (SDK-HMAC-SHA256): the
 * Authorization header's form, X-Sdk-Date within 15 minutes of the mock's clock, the AK,
 * and the signature over the canonical request with the AK's SK.
 */
export function verifySignature(req: SignedRequest, secretOf: (ak: string) => string | undefined, now = Date.now()): SignatureVerdict {
  const authorization = req.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith(ALGORITHM)) return { ok: false, why: 'no-signature' };
  const m = AUTHORIZATION.exec(authorization.trim());
  if (!m) return { ok: false, why: 'malformed' };
  const [, ak, names, signature] = m;
  const dateText = req.headers['x-sdk-date'];
  const date = typeof dateText === 'string' ? sdkDate(dateText) : undefined;
  if (date === undefined) return { ok: false, why: 'date', ak };
  if (Math.abs(now - date) > MAX_SKEW_MS) return { ok: false, why: 'date-skew', ak };
  const secret = secretOf(ak);
  if (secret === undefined) return { ok: false, why: 'unknown-ak', ak };
  const signedHeaders = names.toLowerCase().split(';');
  // The gateway requires X-Sdk-Date among the signed headers, so that the date cannot be replayed with another.
  if (!signedHeaders.includes('x-sdk-date')) return { ok: false, why: 'mismatch', ak };
  const expected = createHmac('sha256', secret).update(stringToSign(req, signedHeaders, dateText as string)).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true, ak } : { ok: false, why: 'mismatch', ak };
}

/**
 * Signs a request as Huawei's SDKs do, for regionmock's own client (`regionmock verify`):
 * X-Sdk-Date and Host among the signed headers, the same canonical request the check reads.
 * Answers the headers to send.
 */
export function signRequest(req: { method: string; url: string; host: string; headers: Record<string, string>; body: string | undefined }, ak: string, sk: string, now = new Date()): Record<string, string> {
  const date = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const headers: Record<string, string> = { ...req.headers, 'x-sdk-date': date, host: req.host };
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const names = Object.keys(lower).sort();
  const signature = createHmac('sha256', sk).update(stringToSign({ method: req.method, url: req.url, headers: lower, body: req.body }, names, date)).digest('hex');
  return { ...lower, authorization: `${ALGORITHM} Access=${ak}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
