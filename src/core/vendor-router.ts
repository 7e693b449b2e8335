import { Router, type NextFunction, type Request, type Response } from 'express';
import { bodyProblem } from './body';
import { DocumentedAnswer, MockError, type Problem } from './errors';
import type { OperationTable } from './operations';
import type { Call, Reply, VendorPack } from './pack';
import { isValidatorError, problemFromValidator, requestValidator } from './request-validator';
import { Responder } from './responder';
import type { SpecDocument } from './spec';
import type { Store } from './store';

export interface VendorRouterOptions {
  spec: SpecDocument;
  operations: OperationTable;
  store: Store;
  validateResponses: boolean;
}

/**
 * One vendor's way through a request: match the operation, authenticate, raise a body the
 * parser refused, validate against the document, run the handler, and answer (validated)
 * in the vendor's envelope.
 */
export function vendorRouter<S>(pack: VendorPack<S>, options: VendorRouterOptions): Router {
  const { operations, store } = options;
  const responder = new Responder(pack.envelope, options.validateResponses);
  const router = Router();
  const fail = (problem: Problem) => responder.fail(problem);

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!pack.owns(req.path)) return next('router');
    const match = operations.match(req.method, req.path);
    if (match.kind === 'no-route') throw fail({ kind: 'no-route', method: req.method, path: req.path });
    if (match.kind === 'no-method') {
      throw fail({ kind: 'no-method', method: req.method, path: req.path, allowed: match.allowed });
    }
    const handler = pack.handlers[match.operation.operationId];
    const call: Call<S> = {
      operation: match.operation,
      params: match.params,
      query: {},
      headers: req.headers,
      body: undefined,
      state: store.slice<S>(pack.name),
      commit: (apply) => store.commit(apply),
    };
    res.locals.call = call;
    pack.authenticate(call, handler.writes);
    const problem = bodyProblem(res.locals);
    if (problem) throw fail(problem);
    next();
  });

  router.use(requestValidator(options.spec.doc));

  router.use(async (req: Request, res: Response) => {
    const call = res.locals.call as Call<S>;
    call.body = req.body;
    call.query = req.query as Record<string, unknown>;
    const reply = await pack.handlers[call.operation.operationId].handle(call);
    responder.send(res, call.operation, reply);
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const call = res.locals.call as Call<S> | undefined;
    const reply = toReply(err, req, call, responder, fail);
    responder.send(res, call?.operation, reply);
  });

  return router;
}

function toReply<S>(
  err: unknown,
  req: Request,
  call: Call<S> | undefined,
  responder: Responder,
  fail: (problem: Problem) => MockError,
): Reply {
  if (err instanceof DocumentedAnswer && call) return responder.documented(call.operation, err.status);
  if (err instanceof MockError) return responder.render(err);
  if (isValidatorError(err)) {
    const sent = { body: req.body, path: call?.params, query: req.query, headers: req.headers };
    return responder.render(fail(problemFromValidator(err, req.headers['content-type'] ?? 'none', sent)));
  }
  return responder.render(fail({ kind: 'internal', detail: err instanceof Error ? err.message : String(err) }));
}
