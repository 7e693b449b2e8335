import { dirname } from 'node:path';

type PathToRegexp = ((path: string, options?: Record<string, unknown>) => unknown) & { cached?: true };

/** The Express-style routes of the mock's own documents: the only ones cached. */
const routes = new Set<string>();
const cache = new Map<string, unknown>();

/**
 * express-openapi-validator 5.6 compiles every documented route's path-to-regexp matcher anew
 * on each request (upstream pull request #1217 would cache them); a profile of the Rainbond PUT
 * put that compilation at about 5 % of the mock's time. A compiled matcher depends only on the
 * template and its options, and the validator only reads it, so the copy of path-to-regexp the
 * validator loads is given a cache, for the routes of the mock's documents only: any other
 * call goes straight through. If the library stops allowing this, nothing is cached.
 */
export function cacheValidatorRouteMatchers(pathTemplates: Iterable<string>): void {
  for (const template of pathTemplates) routes.add(template.replace(/\{([^}]+)\}/g, ':$1'));
  const validatorDir = dirname(require.resolve('express-openapi-validator/package.json'));
  const library = require(require.resolve('path-to-regexp', { paths: [validatorDir] })) as { pathToRegexp?: PathToRegexp };
  const compile = library.pathToRegexp;
  if (typeof compile !== 'function' || compile.cached) return;
  const cached: PathToRegexp = (path, options) => {
    const key = cacheKey(path, options);
    if (key === undefined) return compile(path, options);
    let matcher = cache.get(key);
    if (matcher === undefined) {
      matcher = compile(path, options);
      cache.set(key, matcher);
    }
    return matcher;
  };
  cached.cached = true;
  try {
    library.pathToRegexp = cached;
  } catch {
    // A read-only export: the validator keeps compiling per request, as it does upstream.
  }
}

/** Only the calls the validator makes (one of the routes, `sensitive` and `strict`) are cached. */
function cacheKey(path: unknown, options: Record<string, unknown> | undefined): string | undefined {
  if (typeof path !== 'string' || !routes.has(path)) return undefined;
  if (options === undefined) return `--${path}`;
  for (const name in options) if (name !== 'sensitive' && name !== 'strict') return undefined;
  return `${options.sensitive ? 's' : '-'}${options.strict ? 's' : '-'}${path}`;
}
