import { dirname } from 'node:path';

type PathToRegexp = (path: string, options?: Record<string, unknown>) => unknown;

const LIMIT = 1000;

/**
 * express-openapi-validator 5.6 compiles every documented route's path-to-regexp matcher anew
 * on each request (upstream pull request #1217 would cache them); a profile of the Rainbond PUT
 * put that compilation at about 5 % of the mock's time. A compiled matcher depends only on the
 * template and its two options, and the validator only reads it, so the copy of path-to-regexp
 * the validator loads is given a cache. Any other call goes straight through, and if a later
 * validator stops reading the function from the module, this simply has no effect.
 */
export function cacheValidatorRouteMatchers(): void {
  const validatorDir = dirname(require.resolve('express-openapi-validator/package.json'));
  const library = require(require.resolve('path-to-regexp', { paths: [validatorDir] })) as { pathToRegexp?: PathToRegexp & { cached?: true } };
  const compile = library.pathToRegexp;
  if (typeof compile !== 'function' || compile.cached) return;
  const cache = new Map<string, unknown>();
  const cached: PathToRegexp & { cached?: true } = (path, options) => {
    const key = cacheKey(path, options);
    if (key === undefined) return compile(path, options);
    let matcher = cache.get(key);
    if (matcher === undefined) {
      matcher = compile(path, options);
      if (cache.size < LIMIT) cache.set(key, matcher);
    }
    return matcher;
  };
  cached.cached = true;
  library.pathToRegexp = cached;
}

/** Only the calls the validator makes (a template, `sensitive` and `strict`) are cached. */
function cacheKey(path: unknown, options: Record<string, unknown> | undefined): string | undefined {
  if (typeof path !== 'string') return undefined;
  if (options === undefined) return `--${path}`;
  for (const name in options) if (name !== 'sensitive' && name !== 'strict') return undefined;
  return `${options.sensitive ? 's' : '-'}${options.strict ? 's' : '-'}${path}`;
}
