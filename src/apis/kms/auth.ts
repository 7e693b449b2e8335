import type { Call } from '../../core/pack';
import { kmsError } from './errors';
import { verifySignature, type SignatureVerdict } from './signature';
import type { IamToken, KmsState } from './types';

/** The gateway's words for each way an AK/SK signature fails (APIGW.0301, "Incorrect IAM authentication information: ..."). */
function signatureFailure(verdict: Extract<SignatureVerdict, { ok: false }>): string {
  switch (verdict.why) {
    case 'unknown-ak':
      return `Get secretKey failed,ak:${verdict.ak ?? ''},err:ak not exist`;
    case 'date':
      return 'X-Sdk-Date is missing or not in the form YYYYMMDDTHHMMSSZ';
    case 'date-skew':
      return 'X-Sdk-Date is more than 15 minutes from the current time';
    default:
      return 'verify aksk signature fail';
  }
}

/** The token a request authenticates as: its X-Auth-Token, or the one its AK/SK pair stands for. */
function tokenOf(call: Call<KmsState>): IamToken {
  const token = call.headers['x-auth-token'];
  if (typeof token === 'string' && token !== '') {
    const known = call.state.tokens.find((t) => t.token === token);
    if (!known) throw kmsError('APIGW.0301', 'decrypt token fail');
    return known;
  }
  const secretOf = (ak: string) => call.state.accessKeys.find((k) => k.ak === ak)?.sk;
  const verdict = verifySignature({ ...call.raw, headers: call.headers }, secretOf);
  if (!verdict.ok) throw kmsError('APIGW.0301', verdict.why === 'no-signature' ? 'x-auth-token not found' : signatureFailure(verdict));
  const pair = call.state.accessKeys.find((k) => k.ak === verdict.ak);
  const known = call.state.tokens.find((t) => t.token === pair?.token);
  if (!known) throw kmsError('APIGW.0301', 'decrypt token fail');
  return known;
}

/**
 * The gateway refuses a missing or unknown token, or a bad AK/SK signature (401); KMS then
 * checks the token's state, its project against the URL's, and whether it may write (403).
 * A signed request acts as the token its AK/SK pair names.
 */
export function authenticate(call: Call<KmsState>, writes: boolean): IamToken {
  const known = tokenOf(call);
  if (known.status === 'expired') throw kmsError('KMS.0303');
  if (known.project_id !== call.params.project_id) throw kmsError('KMS.0321');
  if (writes && known.status === 'readonly') throw kmsError('KMS.0330');
  return known;
}
