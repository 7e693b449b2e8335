import { Router } from 'express';

/** The mock's own routes, outside both vendors' paths. */
export function adminRouter(): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return router;
}
