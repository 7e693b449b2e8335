import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from './cli-args';
import { junitXml } from './core/record/junit';
import { VERIFY_PLANS } from './apis';
import { CannotVerify, verify, type VerifyOptions, type VerifyReport } from './verify/run';
import type { FlagValues, VerifyFlag } from './verify/plan';

const PLANS = VERIFY_PLANS;
const API_NAMES = PLANS.map((p) => p.api).join('|');
const FLAGS = Object.assign({}, ...PLANS.map((p) => p.flags)) as Record<string, VerifyFlag>;

export const VERIFY_USAGE = [
  `Usage: regionmock verify --target URL [--api ${API_NAMES}] [--junit FILE] [--json FILE] [--allow-writes]`,
  ...PLANS.map((p) => `                         ${p.usage}`),
  '',
  '  Runs conformance cases against a provider (the real service, or a mock): every read and',
  '  refusals that change nothing; with --allow-writes, writes meant as no-ops too (a record',
  '  written back as read). Checks each answer against the documents: status, declared',
  '  headers, body schema, error envelope and code. Exits 0 when nothing drifted, 1 on any',
  '  drift, 2 when it could not run.',
  ...Object.entries(FLAGS).map(([name, f]) => `  --${`${name} ${f.value}`.padEnd(22)} ${f.help}${f.env ? ` [${f.env}]` : ''}`),
  '  Secrets may come from the environment variables in brackets instead of the command line.',
].join('\n');

interface VerifyCommand {
  options: VerifyOptions;
  junit?: string;
  json?: string;
}

export function parseVerifyArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): VerifyCommand {
  let values: Record<string, string | boolean | undefined>;
  const names = ['target', 'api', 'junit', 'json', ...Object.keys(FLAGS)];
  const options = { ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), 'allow-writes': { type: 'boolean' as const } };
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const text = (name: string, variable?: string) => (typeof values[name] === 'string' ? (values[name] as string) : variable ? env[variable] || undefined : undefined);
  const target = text('target');
  const api = text('api');
  if (!target) throw new CliError('verify needs --target, the address of the provider');
  if (!/^https?:\/\/[^\s/?#]+/i.test(target)) throw new CliError(`--target must be an http(s) URL, got "${target}"`);
  const plans = api === undefined ? PLANS : PLANS.filter((p) => p.api === api);
  if (plans.length === 0) throw new CliError(`--api is ${PLANS.map((p) => p.api).join(' or ')}, got "${api}"`);
  const given: FlagValues = Object.fromEntries(Object.entries(FLAGS).map(([name, f]) => [name, text(name, f.env)]));
  for (const plan of plans) {
    const problem = plan.problem?.(given);
    if (problem) throw new CliError(problem);
  }
  return { options: { target: target.replace(/\/+$/, ''), plans, values: given, writes: values['allow-writes'] === true }, junit: text('junit'), json: text('json') };
}

export function verifyTable(report: VerifyReport): string {
  const lines = report.results.flatMap((r) => [
    `${r.drifts.length ? 'DRIFT' : 'ok   '} ${r.api} ${r.operationId}: ${r.case} (${r.status})`,
    ...r.drifts.map((d) => `        ${d.pointer}: ${d.message}`),
  ]);
  return [...lines, '', `${report.summary.cases} cases, ${report.summary.drifted} drifted`].join('\n');
}

function verifyJunit(report: VerifyReport): string {
  const suites = PLANS.map(({ api }) => ({
    name: `regionmock verify: ${api}`,
    cases: report.results
      .filter((r) => r.api === api)
      .map((r) => ({
        classname: `${r.api}.${r.operationId}`,
        name: r.case,
        failure: r.drifts.length ? { message: `${r.drifts.length} drift(s)`, details: r.drifts.map((d) => `${d.pointer}: ${d.message}`).join('\n') } : undefined,
      })),
  }));
  return junitXml('regionmock verify', suites.filter((s) => s.cases.length > 0));
}

/** Runs the command; answers the exit code. */
export async function runVerify(command: VerifyCommand): Promise<number> {
  // 1 means drift and nothing else: whatever else goes wrong is "could not run", 2.
  try {
    const report = await verify(command.options);
    console.log(verifyTable(report));
    if (command.junit) writeFileSync(command.junit, verifyJunit(report));
    if (command.json) writeFileSync(command.json, `${JSON.stringify(report, null, 2)}\n`);
    return report.summary.drifted > 0 ? 1 : 0;
  } catch (err) {
    console.error(`regionmock verify: ${err instanceof CannotVerify ? '' : 'could not run: '}${(err as Error).message}`);
    return 2;
  }
}
