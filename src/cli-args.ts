import { parseArgs } from 'node:util';
import { VERIFY_PLANS } from './apis';
import { PACK_FLAGS } from './apis/settings';

/** Each flag and the environment variable it sets: a flag is the variable, given on the command line. */
const FLAGS = {
  port: { env: 'PORT', value: 'N', help: 'port to listen on, 0 for any free one (default 4010)' },
  host: { env: 'HOST', value: 'ADDR', help: 'address to bind (default 127.0.0.1)' },
  fixtures: { env: 'FIXTURES_DIR', value: 'DIR', help: 'your own fixture folder (<vendor>/<collection>.yaml), checked at start-up' },
  data: { env: 'DATA_FILE', value: 'FILE', help: 'keep the default session\'s state in this JSON file across restarts' },
  latency: { env: 'MOCK_LATENCY_MS', value: 'MIN-MAX', help: 'milliseconds added to every vendor answer' },
  'log-level': { env: 'LOG_LEVEL', value: 'LEVEL', help: 'fatal, error, warn, info (default), debug, trace or silent' },
  'body-limit': { env: 'BODY_LIMIT', value: 'BYTES', help: 'largest JSON body (default 1048576)' },
  'journal-limit': { env: 'JOURNAL_LIMIT', value: 'N', help: 'journal entries kept per session (default 10000)' },
  'admin-token': { env: 'ADMIN_TOKEN', value: 'TOKEN', help: 'require X-Admin-Token: TOKEN on every admin route but the probes (/__admin/health, /__admin/ready)' },
  'admin-origins': { env: 'ADMIN_ORIGINS', value: 'LIST', help: 'origins whose pages may call the admin API, e.g. http://localhost:5173 (default none)' },
  'admin-hosts': { env: 'ADMIN_HOSTS', value: 'LIST', help: 'host names the admin API answers to besides localhost and IP addresses' },
  'max-sessions': { env: 'MAX_SESSIONS', value: 'N', help: 'named sessions alive at once (default 1000)' },
  'journal-bytes': { env: 'JOURNAL_MAX_BYTES', value: 'BYTES', help: 'all journals together (default 16777216)' },
  'journal-body-bytes': { env: 'JOURNAL_BODY_BYTES', value: 'BYTES', help: 'longest body a journal entry keeps whole (default 16384)' },
  'max-faults': { env: 'MAX_FAULTS', value: 'N', help: 'faults per session (default 100)' },
  'fault-bytes': { env: 'FAULT_MAX_BYTES', value: 'BYTES', help: 'largest fault (default 4096)' },
  metrics: { env: 'METRICS', value: 'on|off', help: 'serve GET /__admin/metrics in the Prometheus text format (default on)' },
  'drain-timeout': { env: 'DRAIN_TIMEOUT_MS', value: 'MS', help: 'on SIGTERM, how long calls under way may take to finish (default 5000)' },
  proxy: { env: 'PROXY_URL', value: 'URL', help: 'forward vendor calls to this provider, checking each call and answer against the documents' },
  scenarios: { env: 'SCENARIOS_DIR', value: 'DIR', help: 'a folder of your own scenario files, listed and applied by name' },
  scenario: { env: 'SCENARIO', value: 'NAME|FILE', help: 'start with this scenario applied to the default session' },
  record: { env: 'RECORD_DIR', value: 'DIR', help: 'with --proxy: record the provider\'s answers into a scenario file per session here' },
  ...PACK_FLAGS,
} as const;

export class CliError extends Error {
  override name = 'CliError';
}

export type CliCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'serve'; env: Record<string, string> };

export const USAGE = [
  'Usage: regionmock [serve] [options]',
  '       regionmock coverage --url URL [--min PERCENT] [--junit FILE] [--session NAME]',
  `       regionmock verify --target URL [--api ${VERIFY_PLANS.map((p) => p.api).join('|')}] [credentials] [--junit FILE] [--json FILE]`,
  '',
  'Serves the vendor API mocks (see /__docs for each document), their admin API and /__docs.',
  "`coverage` reads a running mock's coverage, `verify` checks a provider against the documents",
  '(regionmock coverage --help, regionmock verify --help).',
  '',
  'Options (each also read from the environment variable in brackets):',
  ...Object.entries(FLAGS).map(([flag, f]) => `  --${`${flag} ${f.value}`.padEnd(24)} ${f.help} [${f.env}]`),
  `  ${'--no-validate-responses'.padEnd(26)} send answers without checking them against the documents [VALIDATE_RESPONSES=false]`,
  `  ${'--no-admin'.padEnd(26)} serve no admin API but /__admin/health and /__admin/ready [ADMIN_API=false]`,
  `  ${'--admin-open'.padEnd(26)} start with --proxy on a network address although the admin API has no token [ADMIN_OPEN=true]`,
  `  ${'--help'.padEnd(26)} this text`,
  `  ${'--version'.padEnd(26)} the version`,
].join('\n');

/** Reads the command line into environment values, so that flags and variables share one set of checks. */
export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        'no-validate-responses': { type: 'boolean' },
        'no-admin': { type: 'boolean' },
        'admin-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const { positionals } = parsed;
  // parseArgs types only the options it sees literally; the flags come from the table above.
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'serve')) {
    throw new CliError(`Unknown command "${positionals.join(' ')}": the commands are serve, coverage and verify`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const env: Record<string, string> = {};
  for (const [flag, { env: name }] of Object.entries(FLAGS)) {
    const value = values[flag];
    if (value === '') throw new CliError(`--${flag} needs a value`);
    if (typeof value === 'string') env[name] = value;
  }
  if (values['no-validate-responses']) env.VALIDATE_RESPONSES = 'false';
  if (values['no-admin']) env.ADMIN_API = 'false';
  if (values['admin-open']) env.ADMIN_OPEN = 'true';
  return { kind: 'serve', env };
}
