import type { Call } from '../../core/pack';
import { kmsError } from './errors';
import type { IamToken, KmsState } from './types';

/**
 * The gateway refuses a missing or unknown token (401); KMS then checks the token's state,
 * its project against the URL's, and whether it may write (403).
 */
export function authenticate(call: Call<KmsState>, writes: boolean): IamToken {
  const token = call.headers['x-auth-token'];
  if (typeof token !== 'string' || token === '') throw kmsError('APIGW.0301', 'x-auth-token not found');
  const known = call.state.tokens.find((t) => t.token === token);
  if (!known) throw kmsError('APIGW.0301', 'decrypt token fail');
  if (known.status === 'expired') throw kmsError('KMS.0303');
  if (known.project_id !== call.params.project_id) throw kmsError('KMS.0321');
  if (writes && known.status === 'readonly') throw kmsError('KMS.0330');
  return known;
}
