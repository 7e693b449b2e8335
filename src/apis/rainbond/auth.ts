import { MockError } from '../../core/errors';
import type { Call } from '../../core/pack';
import type { RainbondState } from './types';

/**
 * The console compares `Authorization` exactly with its manage token (no `Bearer`). Tokens
 * from the fixtures are the mock's addition: known, but not allowed to write.
 */
export function authenticate(manageToken: string) {
  return (call: Call<RainbondState>, writes: boolean): void => {
    const token = call.headers.authorization;
    if (!token) throw new MockError(401, 401, 'No token');
    if (token === manageToken) return;
    if (!call.state.tokens.some((known) => known.token === token)) throw new MockError(401, 401, 'token is invalid');
    if (writes) throw new MockError(403, 403, 'You do not have permission to perform this action.');
  };
}
