// pipeline/: the request's way through, stage after stage, for one pack (vendor-router.ts, whose
// `handle` lists the stages in order): the body (body.ts), the call a handler sees (call.ts), a
// scenario's recorded answers (replay.ts) and the provider behind --proxy (proxy.ts). The last layer: it may import every other folder of
// the core, and none of them imports it.

import type { Request, RequestHandler, Response } from 'express';
import { applyControl, hasControl } from '../control/control';
import { exchangeOf, whenOver, type Arrival, type Exchange } from '../arrival/exchange';
import { DocumentedAnswer, MockError, type Problem } from '../errors';
import type { DelayRange } from '../session/faults';
import { recordExchange } from '../record/exchange-journal';
import type { CoverageBook } from '../record/coverage';
import type { CallMetrics } from '../record/metrics';
import { forwardToProvider, ProviderUnreachable, type AnswerWatcher } from './proxy';
import type { Recorder } from '../record/recording';
import type { NetworkGate } from '../session/network-gate';
import { noteCall } from '../record/request-log';
import { answerAsMarked, callFor } from './call';
import { replayRecorded } from './replay';
import { unroutedOperation, type Operation, type OperationTable } from '../documents/operations';
import type { Call, OperationHandler, Reply, VendorPack } from '../respond/pack';
import { isValidatorError, problemFromValidator, type RequestCheck } from '../documents/request-validator';
import { Responder } from '../respond/responder';
import { SESSION_HEADER, SessionError, type Session, type SessionRegistry } from '../session/session';
import type { SpecDocument } from '../documents/spec';
import { secretFieldsOf } from '../documents/secrets';

export interface VendorRouterOptions {
  spec: SpecDocument;
  operations: OperationTable;
  /** The document's request validator, compiled once for every app of the process. */
  validate: RequestCheck;
  sessions: SessionRegistry;
  validateResponses: boolean;
  latency: DelayRange | undefined;
  /** Longest body the journal keeps whole. */
  journalBodyBytes: number;
  /** Where each answered call is counted for /__admin/coverage. */
  coverage: CoverageBook;
  /** Where each call over is counted for /__admin/metrics (off with --metrics off). */
  metrics?: CallMetrics;
  /** A provider to forward calls to instead of answering from state (--proxy). */
  proxy?: string;
  /** Where the provider's answers are recorded (--record), with --proxy. */
  recorder?: Recorder;
  networkGate?: NetworkGate;
}

export interface VendorRouter {
  /**
   * Claims a request for this API when its path is the API's, as soon as its headers are read
   * (before its body): that is when it takes its place in its session's line.
   */
  arrive(req: Request, res: Response): boolean;
  handle: RequestHandler;
}

/**
 * One API's way through a request: session, journal, operation, the mock's controls,
 * credentials, a body the parser refused, the document's validation, the handler, and the
 * answer (validated) in the API's envelope. One Express handler rather than a router of
 * layers: requests for other APIs pass on at the cost of a path test.
 */
export function vendorRouter<S>(pack: VendorPack<S>, options: VendorRouterOptions): VendorRouter {
  const { operations, sessions } = options;
  const responder = new Responder(pack.envelope, options.validateResponses);
  const credentialHeaders = options.spec.credentialHeaders();
  const secrets = secretFieldsOf(options.spec);
  const validate = options.validate;
  const fail = responder.fail.bind(responder);

  function arrive(req: Request, res: Response): boolean {
    if (!pack.owns(req.path)) return false;
    // A path the vendor's own URL patterns refuse is no route at all: it takes no turn in the session's line.
    const match = pack.resolves && !pack.resolves(req.path) ? ({ kind: 'no-route' } as const) : operations.match(req.method, req.path);
    let session: Session | undefined;
    let sessionProblem: Problem | undefined;
    try {
      session = sessions.forHeader(req.headers[SESSION_HEADER]);
    } catch (err) {
      if (!(err instanceof SessionError)) throw err;
      sessionProblem = { kind: 'mock-usage', detail: `regionmock: ${err.message}` };
    }
    const arrival: Arrival = { api: pack.name, session, sessionProblem, match, turn: undefined, claimed: false };
    exchangeOf(res).arrival = arrival;
    if (session) underWay(req, res, session, arrival, match.kind === 'operation' ? pack.handlers[match.operation.operationId] : undefined);
    return true;
  }

  /** The call takes its place in its session's line, and the session counts it until it is over. */
  function underWay(req: Request, res: Response, session: Session, arrival: Arrival, handler: OperationHandler<S> | undefined): void {
    if (handler && handler.inTurn !== false) arrival.turn = session.turns.enter(handler.writes ? 'write' : 'read');
    // A session with a call under way is never dropped to make room (its journal entry is still to come).
    session.calls += 1;
    whenOver(req, res, () => {
      session.calls -= 1;
      // A request no handler took (it never got that far) must not hold its session's line.
      // One a handler took is let go by it alone: a client hanging up mid-write must not let
      // the next write start while this one is still being stored.
      if (!arrival.claimed) arrival.turn?.release();
    });
  }

  /** Route: the session, the journal's entry to come, and the operation (404 and 405 in the API's shape). */
  function route(req: Request, res: Response, arrival: Arrival): { session: Session; operation: Operation; params: Record<string, string> } {
    const { session, match } = arrival;
    if (!session) throw fail(arrival.sessionProblem as Problem);
    const operationId = match.kind === 'operation' ? match.operation.operationId : null;
    noteCall(res, operationId, session.name);
    if (pack.controlled) recordExchange(req, res, session, pack.name, operationId, options.journalBodyBytes, options.coverage, secrets, options.metrics);
    if (match.kind === 'no-route') throw fail({ kind: 'no-route', method: req.method, path: req.path });
    if (pack.routedHeaders) setRoutedHeaders(res, pack.routedHeaders(req.path));
    if (match.kind === 'no-method') {
      const problem = fail({ kind: 'no-method', method: req.method, path: req.path, allowed: match.allowed });
      // No operation, hence no turn: the credentials are read from the state as it stands.
      // Behind a proxy the credentials are the provider's to judge: the mock cannot check them.
      if (pack.authBeforeMethod && !options.proxy) pack.authenticate(callFor<S>(pack.name, req, session, unroutedOperation(req.method, req.path), {}), false);
      throw problem;
    }
    const exchange = exchangeOf(res);
    exchange.operation = match.operation;
    exchange.params = match.params;
    if (pack.unknownQuery === 'ignore') settleQuery(req, match.operation.queryParams, pack.repeatedQuery === 'last');
    return { session, operation: match.operation, params: match.params };
  }

  /** Control: Prefer, the session's faults, latency; true when the mock answered (or dropped the connection) itself. */
  async function control(req: Request, res: Response, call: Call<S>): Promise<boolean> {
    // A scenario's latency is the session's own, in place of the global one.
    const latency = call.session.latency ?? options.latency;
    if (!pack.controlled || !hasControl(req, call.session, latency)) return false;
    const { operation, params, session } = call;
    return applyControl({ req, res, api: pack.name, operation, params, session, responder, credentialHeaders, latency, gate: options.networkGate });
  }

  /** Validate: a body the parser could not read, a path parameter that is not percent-encoding, then the document. */
  async function validated(req: Request, res: Response, call: Call<S>, undecodable: string[]): Promise<void> {
    const { operation } = call;
    const problem = (operation.takesBody ? exchangeOf(res).bodyProblem : undefined) ?? undecodableProblem(undecodable, operation.operationId);
    if (problem) throw fail(problem);
    if (pack.readBody) {
      await readByPack(req, res, call, pack.readBody.bind(pack));
    } else {
      await validateFor(operation, req, res);
    }
    call.body = req.body;
    call.query = req.query as Record<string, unknown>;
  }

  /**
   * A pack that reads bodies itself hands the validator what it read, as JSON: the media
   * types it reads are the pack's to decide, and the sent type stays for the journal.
   */
  async function readByPack(req: Request, res: Response, call: Call<S>, read: NonNullable<VendorPack<S>['readBody']>): Promise<void> {
    const sent = req.headers['content-type'];
    if (call.operation.takesBody) {
      const { spec } = options;
      const bytes = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
      const forwarding = options.proxy !== undefined;
      req.body = await read(call, { bytes, headers: req.headers, forwarding, schema: spec.resolve(call.operation.requestSchema), resolve: (node) => spec.resolve(node) });
      req.headers['content-type'] = 'application/json';
    }
    try {
      await validateFor(call.operation, req, res);
    } finally {
      if (sent === undefined) delete req.headers['content-type'];
      else req.headers['content-type'] = sent;
    }
  }

  /**
   * The validator finds operations by the request's method: a HEAD is checked as the GET it
   * stands for (Node already knows to send no body), so it gets the GET's answer to bad input.
   */
  async function validateFor(operation: Operation, req: Request, res: Response): Promise<void> {
    if (req.method === operation.method) return validate(req, res);
    const sent = req.method;
    req.method = operation.method;
    try {
      await validate(req, res);
    } finally {
      req.method = sent;
    }
  }

  /** With a provider behind the mock: its answer, checked; an unreachable one gets the gateway's 502 where documented. */
  async function forward(provider: string, req: Request, res: Response, call: Call<S>): Promise<void> {
    const { operation } = call;
    const read = pack.readBody?.bind(pack);
    // A pack that reads bodies itself checks them as it would answer them: what it refuses is the violation.
    const check: RequestCheck = read
      ? (r, s) => readByPack(r, s, call, read).catch((err: unknown) => Promise.reject(err instanceof MockError ? asValidatorError(err) : err))
      : (r, s) => validateFor(operation, r, s);
    const { recorder } = options;
    const exchange = exchangeOf(res);
    // The query as sent: checking the request fills in the document's defaults, and a replay matches what a client sends.
    const query = recorder ? { ...(req.query as Record<string, unknown>) } : {};
    const watch: AnswerWatcher | undefined =
      recorder && ((answer) => recorder.record({ ...answer, session: call.session.name, api: pack.name, operation, params: call.params, query, sent: exchange.sentBody, secrets, requestIdField: pack.envelope.requestIdField }));
    try {
      await forwardToProvider(provider, req, res, operation, check, watch);
    } catch (err) {
      if (!(err instanceof ProviderUnreachable)) throw err;
      console.error(`regionmock: ${err.message}`);
      if (!operation.responses.has(502)) throw fail({ kind: 'internal', detail: err.message });
      responder.send(res, operation, responder.documented(operation, 502));
    }
  }

  /** The pipeline, stage by stage; each stage throws what the API's envelope renders, or hands on. */
  async function handle(req: Request, res: Response, arrival: Arrival): Promise<void> {
    const { session, operation, params } = route(req, res, arrival);
    // Awaited only when there is something to wait for: an await is a cost on every call.
    const turn = arrival.turn?.wait();
    if (turn) await turn;
    const exchange = exchangeOf(res);
    const call = callFor<S>(pack.name, req, session, operation, params, exchange.nothingSent ? undefined : exchange.requestText);
    if (await control(req, res, call)) return;
    if (pack.controlled && replayRecorded(req, res, call, pack.envelope.requestIdField)) return;
    if (options.proxy && pack.controlled) return forward(options.proxy, req, res, call);
    call.credential = pack.authenticate(call, pack.handlers[operation.operationId].writes);
    await validated(req, res, call, arrival.match.kind === 'operation' ? arrival.match.undecodable : []);
    const reply = await pack.handlers[operation.operationId].handle(call);
    if (reply.status < 300) answerAsMarked(call);
    responder.send(res, operation, reply);
  }

  const handleRequest: RequestHandler = (req, res, next) => {
    const arrival = exchangeOf(res).arrival;
    if (arrival?.api !== pack.name) return next();
    arrival.claimed = true;
    handle(req, res, arrival).then(
      () => arrival.turn?.release(),
      (err: unknown) => {
        arrival.turn?.release();
        if (res.headersSent) return next(err);
        const exchange = exchangeOf(res);
        if (err instanceof DocumentedAnswer) exchange.forced = 'fixture';
        try {
          responder.send(res, exchange.operation, toReply(err, req, exchange, responder, fail));
        } catch (failure) {
          next(failure);
        }
      },
    );
  };
  return { arrive, handle: handleRequest };
}

/**
 * Keeps only the query parameters the document lists (the vendors ignore the rest, such as
 * cache-busters), and for Django the last of a repeated one, as QueryDict.get reads it.
 */
function settleQuery(req: Request, listed: Set<string>, lastOfRepeated: boolean): void {
  const query: Record<string, unknown> = {};
  // Without a query string there is nothing to parse (Express would parse on every read).
  if (req.url.includes('?')) {
    for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
      if (listed.has(name)) query[name] = lastOfRepeated && Array.isArray(value) ? value.at(-1) : value;
    }
  }
  // Express 5 parses req.query afresh on each read, so the settled values replace the getter.
  Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true });
}

/** A vendor's own headers join what is set already: its Vary adds to CORS's Vary: Origin rather than replacing it. */
function setRoutedHeaders(res: Response, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'vary') res.vary(value);
    else res.setHeader(name, value);
  }
}

/** A pack's refusal of a body in the validator's terms, for the proxy's list of violations. */
function asValidatorError(err: MockError) {
  const fields = Object.entries(err.details);
  const errors = fields.length > 0 ? fields.flatMap(([field, messages]) => messages.map((message) => ({ path: `/body/${field}`, message }))) : [{ path: '/body', message: err.message }];
  return { status: 400, message: err.message, errors };
}

/** A path parameter that is not valid percent-encoding fails its pattern, whatever the validator would make of it. */
function undecodableProblem(names: string[], operationId: string): Problem | undefined {
  if (names.length === 0) return undefined;
  const issues = names.map((name) => ({ in: 'path' as const, field: name, keyword: 'pattern', message: 'is not valid percent-encoding', params: {} }));
  return { kind: 'invalid', issues, operationId };
}

function toReply(err: unknown, req: Request, exchange: Exchange, responder: Responder, fail: (problem: Problem) => MockError): Reply {
  const { operation, params } = exchange;
  if (err instanceof DocumentedAnswer && operation) return responder.documented(operation, err.status, params);
  if (err instanceof MockError) return responder.render(err);
  if (isValidatorError(err)) {
    const sent = { body: req.body, path: params, query: req.query, headers: req.headers };
    const problem = problemFromValidator(err, req.headers['content-type'] ?? 'none', sent);
    return responder.render(fail(problem.kind === 'invalid' ? { ...problem, operationId: operation?.operationId } : problem));
  }
  return responder.render(fail({ kind: 'internal', detail: err instanceof Error ? err.message : String(err) }));
}
