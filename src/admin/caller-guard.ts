import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { MockError } from '../core/errors';

export interface CallerRules {
  /** Origins, besides the mock's own, whose pages may call the admin API. */
  origins: ReadonlySet<string>;
  /** Host names the admin API answers to besides loopback names and IP addresses. */
  hosts: ReadonlySet<string>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** The port a Host header or an origin names, or HTTP's own. */
function portOf(hostAndPort: string): string {
  return /:(\d+)$/.exec(hostAndPort)?.[1] ?? '80';
}

/**
 * Whether a page's origin is the mock's own: the host it was asked for, or the same port on
 * another loopback name (the docs page opened as localhost calling 127.0.0.1).
 */
function ownOrigin(origin: string, host: string): boolean {
  if (origin === `http://${host}`) return true;
  if (!origin.startsWith('http://')) return false;
  const page = origin.slice('http://'.length);
  return LOOPBACK.has(hostName(page)) && LOOPBACK.has(hostName(host)) && portOf(page) === portOf(host);
}

/** The name in a Host header, without its port or an IPv6 address's brackets. */
function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase();
}

/**
 * Who may use the admin API: whatever a developer's own tools send (no Origin, or the mock's
 * own pages), and pages of the origins they allowed. A page on any other origin is refused
 * even when its browser sends the call without asking first (a form POST); a Host that is
 * not the mock's own is refused too, which is how a web page reaches a localhost API through
 * DNS rebinding (its own name made to resolve to 127.0.0.1), no CORS involved.
 */
export function checkCaller(headers: IncomingHttpHeaders, rules: CallerRules): void {
  const host = headers.host;
  if (host !== undefined) {
    const name = hostName(host);
    const own = name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0 || rules.hosts.has(name);
    if (!own) throw new MockError(403, 'forbidden', `The admin API does not answer to the host name ${name.slice(0, 100)}; allow it with --admin-hosts`);
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    const allowed = rules.origins.has(origin.toLowerCase()) || (host !== undefined && ownOrigin(origin.toLowerCase(), host.toLowerCase()));
    if (!allowed) throw new MockError(403, 'forbidden', `The admin API does not answer pages from ${origin.slice(0, 100)}; allow it with --admin-origins`);
    return;
  }
  // Browsers leave Origin off some calls from other sites (a plain link, an image) but say where they come from here.
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw new MockError(403, 'forbidden', 'The admin API does not answer pages from other sites; allow their origin with --admin-origins');
  }
}
