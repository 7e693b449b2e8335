import { MockError } from '../../core/errors';
import type { Call } from '../../core/pack';
import type { ConsoleToken, RainbondState } from './types';

/**
 * The console compares `Authorization` exactly with its manage token (no `Bearer`). Tokens
 * from the fixtures are the mock's addition: `read` ones may not write, `manage` ones act as
 * the manage token (and may carry `x-mock-status`).
 */
export function authenticate(manageToken: string) {
  return (call: Call<RainbondState>, writes: boolean): ConsoleToken | undefined => {
    const token = call.headers.authorization;
    if (!token) throw new MockError(401, 401, 'No token');
    if (token === manageToken) return undefined;
    const known = call.state.tokens.find((t) => t.token === token);
    if (!known) throw new MockError(401, 401, 'token is invalid');
    if (writes && known.access === 'read') throw new MockError(403, 403, 'You do not have permission to perform this action.');
    return known;
  };
}
