import type { RequestHandler } from 'express';

/**
 * Sends `/<page>` to `/<page>/`, keeping the query, with a relative Location: behind a reverse
 * proxy's path prefix the browser stays under the prefix.
 */
export function addSlash(page: string): RequestHandler {
  return (req, res, next) => {
    if (req.path.endsWith('/')) return next();
    const query = req.originalUrl.indexOf('?');
    res.redirect(301, `${page}/${query < 0 ? '' : req.originalUrl.slice(query)}`);
  };
}
