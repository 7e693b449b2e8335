import type { Response } from 'express';

/**
 * Whether the app takes new work, for GET /__admin/ready: from the moment it is built (its
 * documents compiled and fixtures loaded, or building would have thrown) until it drains.
 * While it drains, every answer says `Connection: close`, so that a client holding a
 * keep-alive connection to it (a balancer) opens its next one elsewhere.
 */
export class Readiness {
  private draining = false;

  get ready(): boolean {
    return !this.draining;
  }

  drain(): void {
    this.draining = true;
  }

  /** On arrival: a connection to a draining app is not kept for another call. */
  arrive(res: Response): void {
    if (this.draining) res.setHeader('Connection', 'close');
  }
}
