import type { DelayRange } from './core/session/faults';
import type { Scenario } from './scenarios/scenario';
import { DEFAULT_FIXTURES_DIR } from './core/documents/paths';
import { PACK_DEFAULTS, PACK_ENVIRONMENT, type PackOptions } from './apis/settings';
import { parseDelayRange, PreferError } from './core/control/prefer';
import { ConfigError, text } from './core/setting-readers';

export { ConfigError } from './core/setting-readers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting of the mock: its own, and those of the vendor packs (src/apis/settings.ts). */
export interface MockOptions extends PackOptions {
  /** Folder holding `<vendor>/<collection>.yaml` seed files. */
  fixturesDir: string;
  /** Check every answer against its document (a broken answer becomes a 500 naming the bug). */
  validateResponses: boolean;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit: number;
  /** Added to every vendor answer unless a Prefer delay or a fault's delay says otherwise. */
  latency?: DelayRange;
  /** Most journal entries kept per session; older ones drop out first. */
  journalLimit: number;
  /** JSON file that keeps the default session's state across restarts (lowdb's file adapter). */
  dataFile?: string;
  /** One log line per request at `info`; `silent` for none. */
  logLevel: LogLevel;
  /** When set, every admin route but the probes (health, ready) needs it in `X-Admin-Token`. */
  adminToken?: string;
  /** Off: only the probes (/__admin/health, /__admin/ready) answer; the rest of the admin API is not served. */
  adminApi: boolean;
  /** Most named sessions alive at once; a new name beyond it is refused. */
  maxSessions: number;
  /** What the journals of all sessions hold together, in bytes of text; the oldest entries drop out first. */
  journalBytes: number;
  /** Longest request or answer body a journal entry keeps whole; a longer one is cut to this and marked. */
  journalBodyBytes: number;
  /** Most faults one session holds. */
  maxFaults: number;
  /** Largest fault, in bytes of its JSON. */
  faultBytes: number;
  /** Other origins (a console on another port) whose pages may call the admin API. */
  adminOrigins: string[];
  /** Host names besides loopback and IP addresses that the admin API answers to (a compose service name). */
  adminHosts: string[];
  /** A provider (the real service) to forward vendor calls to instead of answering from state; each call and answer is checked and what differs journaled. */
  proxy?: string;
  /** A folder of scenario files (YAML or JSON) that GET /__admin/scenarios lists besides the built-in ones. */
  scenariosDir?: string;
  /** With `proxy`: a folder where each exchange with the provider is recorded into a scenario file per session. */
  record?: string;
  /** A scenario (a name the mock knows, a file, or in process the scenario itself) applied to the default session at start-up. */
  scenario?: string | Scenario;
  /** Off: GET /__admin/metrics is not served and nothing is counted for it. */
  metrics: boolean;
  /** How long a drain (SIGTERM, `close()`) waits for calls under way before it cuts their connections. */
  drainTimeoutMs: number;
}

export interface ServerOptions extends MockOptions {
  port: number;
  host: string;
  /** Serve an admin API without a token on a network address even with --proxy (see admin/exposure.ts). */
  adminOpen?: boolean;
}

export const DEFAULTS: ServerOptions = {
  ...PACK_DEFAULTS,
  fixturesDir: DEFAULT_FIXTURES_DIR,
  validateResponses: true,
  bodyLimit: 1024 * 1024,
  journalLimit: 10_000,
  // In-process use (tests) stays quiet; the command line turns logging on.
  logLevel: 'silent',
  adminApi: true,
  maxSessions: 1000,
  journalBytes: 16 * 1024 * 1024,
  journalBodyBytes: 16 * 1024,
  maxFaults: 100,
  faultBytes: 4096,
  adminOrigins: [],
  adminHosts: [],
  metrics: true,
  drainTimeoutMs: 5000,
  port: 4010,
  host: '127.0.0.1',
};

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(name: string, raw: string): boolean {
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

function onOff(name: string, raw: string): boolean {
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`${name} must be on or off, got "${raw}"`);
  return raw === 'on';
}

function latency(name: string, raw: string): DelayRange {
  try {
    return parseDelayRange(raw);
  } catch (err) {
    if (err instanceof PreferError) throw new ConfigError(`${name}: ${err.message}`);
    throw err;
  }
}

function logLevel(name: string, raw: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw as LogLevel;
}

/** A comma-separated list; each origin or host name is checked for its form, so a typo is refused at start-up. */
function list(pattern: RegExp, what: string) {
  return (name: string, raw: string): string[] => {
    const items = raw.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
    const bad = items.find((item) => !pattern.test(item));
    if (bad !== undefined) throw new ConfigError(`${name} must be a comma-separated list of ${what}, got "${bad}"`);
    return items;
  };
}

const ORIGIN = /^https?:\/\/[a-z0-9.[\]:-]+$/;

/** A provider's address; one with a user and password is refused without being quoted (it would end in logs). */
export function providerUrl(name: string, raw: string): string {
  if (/^[a-z]+:\/\/[^/]*@/i.test(raw)) throw new ConfigError(`${name} must be an http(s) URL without user or password`);
  if (!/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i.test(raw)) throw new ConfigError(`${name} must be an http(s) URL without user or password, such as https://provider.example.com, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}
const HOST_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

type Reader = { [K in keyof ServerOptions]-?: [K, (name: string, raw: string) => ServerOptions[K]] }[keyof ServerOptions];

/** Every setting the environment can give, by variable, and the option it sets: the command line's flags map onto these. */
export const ENVIRONMENT: Record<string, Reader> = {
  PORT: ['port', (n, raw) => integer(n, raw, 0, 65535)],
  HOST: ['host', text],
  FIXTURES_DIR: ['fixturesDir', text],
  DATA_FILE: ['dataFile', text],
  MOCK_LATENCY_MS: ['latency', latency],
  VALIDATE_RESPONSES: ['validateResponses', boolean],
  LOG_LEVEL: ['logLevel', logLevel],
  BODY_LIMIT: ['bodyLimit', (n, raw) => integer(n, raw, 1, 1024 ** 3)],
  JOURNAL_LIMIT: ['journalLimit', (n, raw) => integer(n, raw, 1, 10_000_000)],
  ADMIN_TOKEN: ['adminToken', text],
  ADMIN_API: ['adminApi', boolean],
  MAX_SESSIONS: ['maxSessions', (n, raw) => integer(n, raw, 1, 1_000_000)],
  JOURNAL_MAX_BYTES: ['journalBytes', (n, raw) => integer(n, raw, 1024, 1024 ** 4)],
  JOURNAL_BODY_BYTES: ['journalBodyBytes', (n, raw) => integer(n, raw, 0, 1024 ** 3)],
  MAX_FAULTS: ['maxFaults', (n, raw) => integer(n, raw, 1, 1_000_000)],
  FAULT_MAX_BYTES: ['faultBytes', (n, raw) => integer(n, raw, 64, 1024 ** 3)],
  ADMIN_ORIGINS: ['adminOrigins', list(ORIGIN, 'origins such as http://localhost:5173')],
  ADMIN_HOSTS: ['adminHosts', list(HOST_NAME, 'host names such as regionmock')],
  PROXY_URL: ['proxy', providerUrl],
  SCENARIOS_DIR: ['scenariosDir', text],
  SCENARIO: ['scenario', text],
  ADMIN_OPEN: ['adminOpen', boolean],
  RECORD_DIR: ['record', text],
  METRICS: ['metrics', onOff],
  DRAIN_TIMEOUT_MS: ['drainTimeoutMs', (n, raw) => integer(n, raw, 0, 3_600_000)],
  ...PACK_ENVIRONMENT,
};

/** Options from the environment over the defaults; explicit options win over both, and a variable they replace is not read. */
export function resolveOptions(overrides: Partial<ServerOptions> = {}, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<ServerOptions>;
  const fromEnv: Record<string, unknown> = {};
  for (const [name, [option, read]] of Object.entries(ENVIRONMENT)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '' && !(option in defined)) fromEnv[option] = read(name, raw);
  }
  return { ...DEFAULTS, ...(fromEnv as Partial<ServerOptions>), ...defined };
}
