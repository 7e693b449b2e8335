import { MockError } from '../../core/errors';

/**
 * KMS's and its API gateway's error codes (Huawei's DEW error-code table and its SDKs), with their status and message.
 * Every KMS failure is made here, so a code is never paired with the wrong status or words.
 */
const CODES = {
  'KMS.0202': [400, 'Invalid JSON format of the request message.'],
  'KMS.0203': [400, 'Request message too long.'],
  'KMS.0204': [400, 'Parameters missing in the request message.'],
  'KMS.0205': [400, 'Invalid key ID.'],
  'KMS.0209': [400, 'The key has been disabled.'],
  'KMS.0210': [400, 'The key is in Scheduled deletion state and cannot be used.'],
  'KMS.0211': [400, 'Cannot perform this operation on Default Master Keys.'],
  'KMS.0214': [400, 'The request format is invalid.'],
  'KMS.0308': [400, 'Invalid parameter.'],
  'KMS.0303': [403, 'X-Auth-Token expired.'],
  'KMS.0321': [403, 'URIs in URL and X-Auth-Token do not match.'],
  'KMS.0330': [403, 'User has no permission.'],
  'KMS.0207': [404, 'The key does not exist.'],
  'KMS.0215': [405, 'Request method not supported.'],
  'KMS.0103': [500, 'A system exception occurred. Contact technical support.'],
  'APIGW.0101': [404, 'The API does not exist or has not been published in the environment.'],
  'APIGW.0301': [401, 'Incorrect IAM authentication information: '],
} as const satisfies Record<string, readonly [number, string]>;

export type KmsCode = keyof typeof CODES;

/** `detail` completes messages that end open, as the gateway's 401 does. */
export function kmsError(code: KmsCode, detail = ''): MockError {
  const [status, message] = CODES[code];
  return new MockError(status, code, message.endsWith(': ') ? `${message}${detail || 'token is invalid'}` : message);
}
