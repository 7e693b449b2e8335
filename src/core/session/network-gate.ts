import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Request, Response } from 'express';

/**
 * Keeps network faults visible to clients that retry on their own. A browser (Chromium, and
 * others) silently resends a request when a keep-alive connection it reused is reset or
 * closed before an answer: the retry would use up the fault and the page would never see the
 * failure. So while any session has a network fault still to fire, no connection is kept
 * for reuse: every answer says `Connection: close`, and the connections lying idle when such
 * a fault is added are closed. A failed request then always came on a fresh connection,
 * which clients do not retry. Once the faults are spent, keep-alive resumes.
 */
/** When a connection was opened, and how many requests it has carried, kept on the socket itself. */
const OPENED = Symbol('regionmock socket opened');
const CARRIED = Symbol('regionmock socket requests');
type TrackedSocket = Socket & { [OPENED]?: number; [CARRIED]?: number };
/** A connection that sat this long before its first request was opened ahead (a browser's preconnect). */
const PRECONNECT_MS = 100;

export class NetworkGate {
  /** Network faults, across sessions, that may still fire. */
  private armed = 0;
  /** The servers requests came through, whose idle connections to close. */
  private readonly servers = new Set<Server>();

  /** The first step of every request: notes its server, and asks for the connection to close while faults wait. */
  admit(req: Request, res: Response): void {
    const server = (req.socket as { server?: Server }).server;
    if (server && !this.servers.has(server)) {
      this.servers.add(server);
      const stamp = (socket: TrackedSocket) => {
        socket[OPENED] = performance.now();
      };
      server.on('connection', stamp);
      server.once('close', () => {
        this.servers.delete(server);
        server.off('connection', stamp);
      });
    }
    const socket = req.socket as TrackedSocket;
    socket[CARRIED] = (socket[CARRIED] ?? 0) + 1;
    if (socket[CARRIED] === 1 && socket[OPENED] !== undefined && performance.now() - socket[OPENED] < PRECONNECT_MS) socket[OPENED] = undefined;
    if (this.armed > 0) res.setHeader('Connection', 'close');
  }

  /**
   * Whether a browser will resend, unseen, a request whose connection fails before an answer:
   * Chromium does when the connection carried an earlier request, or sat idle in its pool
   * before this one (opened ahead). Such a failure is the same call's, not a new one. Only
   * browsers (they send Sec-Fetch-Mode) resend so; other clients see every failure.
   */
  clientWillResend(req: Request): boolean {
    if (req.headers['sec-fetch-mode'] === undefined) return false;
    const s = req.socket as TrackedSocket;
    return (s[CARRIED] ?? 0) > 1 || s[OPENED] !== undefined;
  }

  /** A network fault that may fire was added (or `n` of them). */
  arm(n = 1): void {
    if (n <= 0) return;
    this.armed += n;
    for (const server of this.servers) server.closeIdleConnections();
  }

  /** `n` network faults can fire no more (spent, removed or cleared). */
  disarm(n = 1): void {
    this.armed = Math.max(0, this.armed - n);
  }

  get waiting(): boolean {
    return this.armed > 0;
  }
}
