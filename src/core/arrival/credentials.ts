import type { SpecDocument } from '../documents/spec';

/**
 * Headers that carry credentials whatever the documents say. With those the documents'
 * security schemes name, they are what the journal masks and what a browser's preflight is
 * allowed by default.
 */
const COMMON_CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-security-token', 'x-subject-token', 'x-auth-token'];

/** Every credential header of the documents the mock serves, lower-case: the one place they are known. */
export function credentialHeaders(documents: SpecDocument[]): ReadonlySet<string> {
  return new Set([...COMMON_CREDENTIAL_HEADERS, ...documents.flatMap((doc) => doc.credentialHeaders())]);
}
