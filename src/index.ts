import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { resolveOptions, type LogLevel, type ServerOptions } from './config';
import { adminExposure } from './admin/exposure';
import type { JournalEntry, JournalFilter } from './core/session/journal';
import type { SessionRegistry } from './core/session/session';
import type { CoverageReport } from './core/record/coverage';
import type { Scenario } from './scenarios/scenario';

export { buildApp, createApp, type AppParts, type MockApp } from './app';
export { VENDOR_PACKS, type PackFactory } from './apis';
export type { VendorPack } from './core/respond/pack';
export { ConfigError, resolveOptions, type LogLevel, type MockOptions, type ServerOptions } from './config';
export type { JournalEntry, JournalFilter } from './core/session/journal';
export type { FaultSpec } from './core/session/faults';
export type { Scenario } from './scenarios/scenario';
export type { CoverageReport, StatusCoverage, Via } from './core/record/coverage';

/** A running mock, for test suites: where it is, and its default session's controls. */
export interface RunningServer {
  url: string;
  port: number;
  sessions: SessionRegistry;
  /** State, journal and faults of the default session back to the fixtures. */
  reset(): Promise<void>;
  /** The default session's journal, filtered as GET /__admin/requests filters it. */
  requests(filter?: JournalFilter): JournalEntry[];
  /** Which documented outcomes the calls got, as GET /__admin/coverage: of one session (default by default) or of all with `*`. */
  coverage(session?: string): CoverageReport;
  /** Resets a session (the default one unless named) and applies a scenario: a name the mock knows, a file, or the scenario itself. */
  apply(scenario: string | Scenario, options?: { session?: string }): Promise<void>;
  /**
   * Drains: GET /__admin/ready answers 503, no new connection is taken, idle keep-alive
   * connections close, the calls under way finish (at most `drainTimeoutMs`, 5 s by default,
   * before their connections are cut), then it resolves.
   */
  close(): Promise<void>;
}

/**
 * A request Node's HTTP parser refuses (control characters, headers over 16 KiB) never
 * reaches a vendor route, so no vendor envelope applies; it still gets a JSON answer rather
 * than a bare status line.
 */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({ error: status === 431 ? 'headers_too_large' : 'bad_request', message: `regionmock could not read the request: ${err.code ?? 'malformed'}` });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    // A keep-alive connection turns idle once its last answer is out; close it then, not at the grace limit.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    idle.unref();
    server.close((err) => {
      clearTimeout(force);
      clearInterval(idle);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** The log levels at which a start-up warning is said. */
const WARNS = new Set<LogLevel>(['warn', 'info', 'debug', 'trace']);

/** Serves both vendor APIs, the admin API and /__docs; resolves once the port is bound. */
export async function startServer(overrides: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const options = resolveOptions(overrides);
  const warning = adminExposure(options);
  const { app, sessions, coverage, readiness, apply } = buildApp(options);
  if (warning && WARNS.has(options.logLevel)) console.error(`regionmock: ${warning}`);
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(options.port, options.host);
    server.on('clientError', answerUnparsable);
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        sessions,
        reset: () => sessions.default.reset(),
        requests: (filter) => sessions.default.journal.find(filter),
        coverage,
        apply,
        // A large data file is left whole, its change log folded in; when that fails, FILE and its log still hold the state.
        close: () => {
          readiness.drain();
          return closeGracefully(server, options.drainTimeoutMs).then(() => sessions.default.store.settle().catch(() => undefined));
        },
      });
    });
  });
}
