import { Router } from 'express';
import { addSlash } from '../core/arrival/slash-redirect';
import { CONSOLE_HTML } from './page';
import { CONSOLE_SCRIPT } from './script';

/**
 * /__console: the QA console, one page and its script, served by the mock itself (nothing
 * from elsewhere). It calls the admin API beside it, so it is served only when that is.
 */
export function consoleRouter(): Router {
  const router = Router();
  const policy = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  router.get('/__console', addSlash('__console'));
  router.get('/__console/', (_req, res) => {
    res.setHeader('Content-Security-Policy', policy);
    res.type('html').send(CONSOLE_HTML);
  });
  router.get('/__console/console.js', (_req, res) => {
    res.type('application/javascript').send(CONSOLE_SCRIPT);
  });
  return router;
}
