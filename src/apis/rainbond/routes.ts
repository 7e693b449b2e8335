/**
 * The console's URL patterns for the region views (openapi/v2/urls.py:9,12), matched whole
 * against the decoded path as Django matches them: no trailing slash, and an id of word
 * characters (letters and digits of any script, `_`) and `-`.
 */
const LIST = /^\/openapi\/v2\/manage\/regions$/;
const ONE = /^\/openapi\/v2\/manage\/regions\/[\p{L}\p{N}_-]+$/u;

/** Which view a path reaches, if any. */
function viewOf(path: string): 'list' | 'one' | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return LIST.test(decoded) ? 'list' : ONE.test(decoded) ? 'one' : undefined;
}

export const resolves = (path: string): boolean => viewOf(path) !== undefined;

/**
 * What DRF and Django put on every answer of a view: `Allow` with the view's methods in
 * `http_method_names` order and OPTIONS (rest_framework/views.py:159-166), `Vary: Accept` for
 * its two renderers, and `X-Frame-Options: DENY` (XFrameOptionsMiddleware, goodrain_web/settings.py).
 */
export function viewHeaders(path: string): Record<string, string> {
  return { Allow: viewOf(path) === 'one' ? 'GET, PUT, DELETE, HEAD, OPTIONS' : 'GET, POST, HEAD, OPTIONS', Vary: 'Accept', 'X-Frame-Options': 'DENY' };
}
