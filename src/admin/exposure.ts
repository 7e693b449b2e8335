import { ConfigError, type ServerOptions } from '../config';

/** Addresses only this machine can reach. */
function loopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * What start-up says about who can reach the admin API. Without a token it answers anyone
 * who can reach the port (the journal, the state, faults that change answers), which is what
 * a mock of fake data on a laptop wants, and what nobody wants once real calls pass through
 * it (--proxy) on an address others can reach. The warning to log, if any; a refusal is thrown.
 */
export function adminExposure(options: ServerOptions): string | undefined {
  if (!options.adminApi || options.adminToken || loopback(options.host)) return undefined;
  const where = `${options.host}, an address other machines can reach`;
  if (options.proxy !== undefined && !options.adminOpen) {
    throw new ConfigError(
      `Refusing to start: with --proxy, real calls pass through the mock, and its admin API on ${where}, has no token (anyone reaching it could read the journal and inject faults). ` +
        'Set --admin-token (ADMIN_TOKEN), bind a loopback address with --host 127.0.0.1, or accept it with --admin-open (ADMIN_OPEN=true)',
    );
  }
  return (
    `warning: the admin API listens on ${where}, without a token: anyone reaching it can read the journal, replace the state and inject faults. ` +
    'Set --admin-token (ADMIN_TOKEN) to require X-Admin-Token, or bind --host 127.0.0.1'
  );
}
