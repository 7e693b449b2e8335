import type { Call } from '../../core/respond/pack';
import { kmsError } from './errors';
import { AkLockout } from './lockout';
import { verifySignature, type SignatureVerdict } from './signature';
import type { IamToken, KmsState } from './types';

/** The gateway's words for each way an AK/SK signature fails (APIGW.0301, "Incorrect IAM authentication information: ..."). */
function signatureFailure(verdict: Extract<SignatureVerdict, { ok: false }>): string {
  switch (verdict.why) {
    case 'no-signature':
      return 'x-auth-token not found';
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

/** The AKs of the state whose fixture asks for the gateway's lockout. */
function lockedOut(state: KmsState): Set<string> {
  return new Set(state.accessKeys.filter((k) => k.lockout).map((k) => k.ak));
}

function knownToken(call: Call<KmsState>, token: string | undefined): IamToken {
  const known = call.state.tokens.find((t) => t.token === token);
  if (!known) throw kmsError('APIGW.0301', 'decrypt token fail');
  return known;
}

/**
 * The token an AK/SK-signed request acts as, checked as the gateway checks it: a locked AK
 * first (when its fixture asks for the lockout), then the signature. The project it asks
 * for in X-Project-Id, if any, must be its own.
 */
function signedToken(call: Call<KmsState>): IamToken {
  const now = Date.now();
  const pairOf = (ak: string | undefined) => call.state.accessKeys.find((k) => k.ak === ak);
  const verdict = verifySignature({ ...call.raw, headers: call.headers }, (ak) => pairOf(ak)?.sk, now);
  const pair = pairOf(verdict.ak);
  if (pair?.lockout) {
    const lockout = call.session.remembered('kms:ak-lockout', () => new AkLockout());
    if (lockout.isLocked(pair.ak, now)) throw kmsError('APIGW.0301', 'AK access failed to reach the limit,forbidden');
    // Only a signature that does not match counts: a client whose clock is off is told so instead.
    if (!verdict.ok && verdict.why === 'mismatch') lockout.failed(pair.ak, now, lockedOut(call.state));
    else if (verdict.ok) lockout.succeeded(pair.ak);
  }
  if (!verdict.ok) throw kmsError('APIGW.0301', signatureFailure(verdict));
  const known = knownToken(call, pair?.token);
  const claimed = call.headers['x-project-id'];
  if (typeof claimed === 'string' && claimed !== known.project_id) throw kmsError('KMS.0321');
  return known;
}

/**
 * The gateway refuses a missing or unknown token, or a bad AK/SK signature (401); KMS then
 * checks the token's state, its project against the URL's, and whether it may write (403).
 * X-Auth-Token is looked at first; a signed request acts as the token its AK/SK pair names.
 */
export function authenticate(call: Call<KmsState>, writes: boolean): IamToken {
  const token = call.headers['x-auth-token'];
  const known = typeof token === 'string' && token !== '' ? knownToken(call, token) : signedToken(call);
  if (known.status === 'expired') throw kmsError('KMS.0303');
  if (known.project_id !== call.params.project_id) throw kmsError('KMS.0321');
  if (writes && known.status === 'readonly') throw kmsError('KMS.0330');
  return known;
}
