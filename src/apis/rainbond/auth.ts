import { MockError } from '../../core/errors';
import type { Call } from '../../core/respond/pack';
import { authenticationFailed } from './failures';
import type { ConsoleToken, RainbondState } from './types';

/**
 * The console compares `Authorization` exactly with its manage token, no `Bearer`
 * (openapi/v2/auth/authentication.py:32-43); its two messages are not translated. Tokens from
 * the fixtures are the mock's addition: `read` ones may not write (403, which the console itself
 * never answers), `manage` ones act as the manage token (and may carry `x-mock-status`).
 */
export function authenticate(manageToken: string) {
  return (call: Call<RainbondState>, writes: boolean): ConsoleToken | undefined => {
    const token = call.headers.authorization;
    if (!token) throw authenticationFailed('No token');
    if (token === manageToken) return undefined;
    const known = call.state.tokens.find((t) => t.token === token);
    if (!known) throw authenticationFailed('token is invalid');
    if (writes && known.access === 'read') throw new MockError(403, 403, 'You do not have permission to perform this action.');
    return known;
  };
}
