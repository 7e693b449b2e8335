import type { DelayRange } from './core/faults';
import { DEFAULT_FIXTURES_DIR } from './core/paths';
import { parseDelayRange, PreferError } from './core/prefer';

export interface MockOptions {
  /** Folder holding `<vendor>/<collection>.yaml` seed files. */
  fixturesDir: string;
  /** Check every answer against its document (a broken answer becomes a 500 naming the bug). */
  validateResponses: boolean;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit: number;
  /** The one token Rainbond's console accepts for writes (`RAINBOND_MANAGE_TOKEN`). */
  rainbondManageToken: string;
  /** Added to every vendor answer unless a Prefer delay or a fault's delay says otherwise. */
  latency?: DelayRange;
  /** Most journal entries kept per session; older ones drop out first. */
  journalLimit: number;
}

export interface ServerOptions extends MockOptions {
  port: number;
  host: string;
}

export const DEFAULTS: ServerOptions = {
  fixturesDir: DEFAULT_FIXTURES_DIR,
  validateResponses: true,
  bodyLimit: 1024 * 1024,
  rainbondManageToken: 'rbd-manage-token',
  journalLimit: 10_000,
  port: 4010,
  host: '127.0.0.1',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

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

function latency(name: string, raw: string): DelayRange {
  try {
    return parseDelayRange(raw);
  } catch (err) {
    if (err instanceof PreferError) throw new ConfigError(`${name}: ${err.message}`);
    throw err;
  }
}

/** Options from the environment over the defaults; explicit options win over both. */
export function resolveOptions(overrides: Partial<ServerOptions> = {}, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const fromEnv: Partial<ServerOptions> = {};
  if (env.PORT) fromEnv.port = integer('PORT', env.PORT, 0, 65535);
  if (env.HOST) fromEnv.host = env.HOST;
  if (env.RAINBOND_MANAGE_TOKEN) fromEnv.rainbondManageToken = env.RAINBOND_MANAGE_TOKEN;
  if (env.FIXTURES_DIR) fromEnv.fixturesDir = env.FIXTURES_DIR;
  if (env.BODY_LIMIT) fromEnv.bodyLimit = integer('BODY_LIMIT', env.BODY_LIMIT, 1, 1024 ** 3);
  if (env.JOURNAL_LIMIT) fromEnv.journalLimit = integer('JOURNAL_LIMIT', env.JOURNAL_LIMIT, 1, 10_000_000);
  if (env.MOCK_LATENCY_MS) fromEnv.latency = latency('MOCK_LATENCY_MS', env.MOCK_LATENCY_MS);
  if (env.VALIDATE_RESPONSES) fromEnv.validateResponses = boolean('VALIDATE_RESPONSES', env.VALIDATE_RESPONSES);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULTS, ...fromEnv, ...defined };
}
