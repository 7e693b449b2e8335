// control/: what forces an answer before the pack runs: the Prefer header (prefer.ts), the
// session's faults and the latency (control.ts). Nothing here touches the state.
// May import: errors.ts, documents/, state/, session/, arrival/, respond/. Never record/ or pipeline/.

import type { Request, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DelayRange, Fault } from '../session/faults';
import type { Operation } from '../documents/operations';
import { parsePrefer, pickDelay, PreferError } from './prefer';
import { exchangeOf } from '../arrival/exchange';
import type { NetworkGate } from '../session/network-gate';
import type { Responder } from '../respond/responder';
import type { Session } from '../session/session';

export interface ControlInput {
  req: Request;
  res: Response;
  api: string;
  operation: Operation;
  params: Record<string, string>;
  session: Session;
  responder: Responder;
  /** Header names that carry the caller's credentials, for faults that match a token. */
  credentialHeaders: string[];
  latency: DelayRange | undefined;
  /** Knows which connections a client would resend a failed call over. */
  gate?: NetworkGate;
}

/** Whether the mock has anything to say over a call; most calls it has not, and skip the step. */
export function hasControl(req: Request, session: Session, latency: DelayRange | undefined): boolean {
  return req.headers.prefer !== undefined || latency !== undefined || session.faults.list().length > 0;
}

/**
 * The mock's own say over a vendor call, before any vendor code runs: a Prefer header, then
 * the session's faults, then the global latency. Returns true when the call was answered
 * (or its connection dropped) here; nothing it does touches the state.
 */
export async function applyControl(input: ControlInput): Promise<boolean> {
  const { req, res, operation, session } = input;
  let prefer;
  try {
    const header = req.headers.prefer;
    prefer = parsePrefer(Array.isArray(header) ? header.join(', ') : header);
  } catch (err) {
    if (err instanceof PreferError) throw input.responder.fail({ kind: 'mock-usage', detail: err.message });
    throw err;
  }
  if (prefer.code !== undefined && !operation.responses.has(prefer.code)) {
    const documented = [...operation.responses.keys()].join(', ');
    throw input.responder.fail({
      kind: 'mock-usage',
      detail: `regionmock: Prefer code=${prefer.code} is not a status ${operation.operationId} documents (${documented})`,
    });
  }
  const fault = prefer.code === undefined ? session.faults.take(target(input)) : undefined;
  const delay = prefer.delayMs ?? (fault?.delayMs ? pickDelay(fault.delayMs) : pickDelay(input.latency));
  if (delay > 0) await sleep(delay);

  if (prefer.code !== undefined) {
    exchangeOf(res).forced = 'prefer';
    input.responder.send(res, operation, input.responder.documented(operation, prefer.code, input.params));
    return true;
  }
  if (!fault) return false;
  exchangeOf(res).forced = 'fault';
  if (fault.status !== undefined) {
    input.responder.send(res, operation, input.responder.documented(operation, fault.status, input.params));
    return true;
  }
  if (input.gate?.clientWillResend(req)) session.faults.refund(fault);
  dropConnection(req, res, fault);
  return true;
}

/** The client sees a network failure instead of an answer. */
function dropConnection(req: Request, res: Response, fault: Fault): void {
  const socket = req.socket;
  exchangeOf(res).networkFault = fault.network;
  switch (fault.network) {
    case 'CONNECTION_RESET':
      socket.resetAndDestroy();
      return;
    case 'EMPTY_RESPONSE':
      // The request has been read in full (the body parser ran); the answer is a bare close.
      socket.end(() => socket.destroy());
      return;
    case 'TIMEOUT': {
      const timer = setTimeout(() => socket.destroy(), fault.timeoutMs ?? 0);
      res.once('close', () => clearTimeout(timer));
      return;
    }
  }
}

function target(input: ControlInput) {
  const token = input.credentialHeaders.map((h) => input.req.headers[h]).find((v): v is string => typeof v === 'string');
  return { api: input.api, operationId: input.operation.operationId, method: input.operation.method, params: input.params, token };
}
