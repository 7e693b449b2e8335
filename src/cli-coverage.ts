import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from './cli-args';
import type { CoverageReport } from './core/record/coverage';
import { junitXml, type JunitCase } from './core/record/junit';

export const COVERAGE_USAGE = [
  'Usage: regionmock coverage --url URL [--min PERCENT] [--junit FILE] [--session NAME]',
  '',
  "  Reads a running mock's coverage (GET /__admin/coverage): every documented (operation,",
  '  status) pair and whether the calls got it. Prints a table; --junit writes one test case',
  '  per pair, failed when never seen. Exits 1 below --min percent, 2 when it cannot read it.',
  `  ${'--session NAME'.padEnd(26)} one session's calls; * for all (default: all)`,
  `  ${'--admin-token TOKEN'.padEnd(26)} the mock's admin token, if it has one (default: ADMIN_TOKEN)`,
].join('\n');

export interface CoverageCommand {
  kind: 'coverage';
  url: string;
  min?: number;
  junit?: string;
  session: string;
  adminToken?: string;
}

export function parseCoverageArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CoverageCommand {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { url: { type: 'string' }, min: { type: 'string' }, junit: { type: 'string' }, session: { type: 'string' }, 'admin-token': { type: 'string' } } }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (!values.url) throw new CliError('coverage needs --url, the address of a running regionmock');
  const min = values.min === undefined ? undefined : Number(values.min);
  if (min !== undefined && !(min >= 0 && min <= 100)) throw new CliError(`--min must be a percentage from 0 to 100, got "${values.min}"`);
  const adminToken = values['admin-token'] ?? (env.ADMIN_TOKEN || undefined);
  return { kind: 'coverage', url: values.url.replace(/\/+$/, ''), min, junit: values.junit, session: values.session ?? '*', adminToken };
}

/** JUnit XML: a suite per API, a test case per documented (operation, status), failed when never seen. */
export function coverageJunit(report: CoverageReport): string {
  const byApi = new Map<string, JunitCase[]>();
  for (const op of report.operations) {
    for (const s of op.statuses.filter((x) => x.documented)) {
      const failure = s.count > 0 ? undefined : { message: `never answered ${s.status}`, details: `No call to ${op.operationId} got ${s.status}.` };
      byApi.set(op.api, [...(byApi.get(op.api) ?? []), { classname: `${op.api}.${op.operationId}`, name: `${op.method} ${op.path} answered ${s.status}`, failure }]);
    }
  }
  return junitXml('regionmock coverage', [...byApi].map(([api, cases]) => ({ name: `regionmock coverage: ${api}`, cases })));
}

/** One line per operation: each documented status with how often it was seen, or a dash. */
export function coverageTable(report: CoverageReport): string {
  const width = Math.max(...report.operations.map((op) => `${op.api} ${op.operationId}`.length));
  const lines = report.operations.map((op) => {
    const cells = op.statuses.filter((s) => s.documented).map((s) => (s.count > 0 ? `${s.status} ×${s.count}` : `${s.status} -`));
    return `${`${op.api} ${op.operationId}`.padEnd(width)}  ${cells.join('  ')}`;
  });
  const { documented, seen, percent } = report.summary;
  return [...lines, '', `${seen} of ${documented} documented outcomes seen (${percent} %)`].join('\n');
}

/** Runs the command; answers the exit code. */
export async function runCoverage(command: CoverageCommand): Promise<number> {
  let report: CoverageReport;
  try {
    const headers: Record<string, string> = command.adminToken ? { 'X-Admin-Token': command.adminToken } : {};
    const res = await fetch(`${command.url}/__admin/coverage?session=${encodeURIComponent(command.session)}`, { headers, redirect: 'manual' });
    if (res.status !== 200) throw new Error(`GET /__admin/coverage answered ${res.status}`);
    report = (await res.json()) as CoverageReport;
  } catch (err) {
    console.error(`regionmock coverage: cannot read the coverage of ${command.url}: ${(err as Error).message}`);
    return 2;
  }
  console.log(coverageTable(report));
  if (command.junit) writeFileSync(command.junit, coverageJunit(report));
  if (command.min !== undefined && report.summary.percent < command.min) {
    console.error(`regionmock coverage: ${report.summary.percent} % is below --min ${command.min} %`);
    return 1;
  }
  return 0;
}
