import type { Server } from 'node:http';
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
      server.once('close', () => this.servers.delete(server));
    }
    if (this.armed > 0) res.setHeader('Connection', 'close');
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
