import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from './cli-args';
import { junitXml } from './core/junit';
import { CannotVerify, verify, type VerifiedApi, type VerifyOptions, type VerifyReport } from './verify/run';

export const VERIFY_USAGE = [
  'Usage: regionmock verify --target URL [--api rainbond|kms] [--rainbond-token T]',
  '                         [--kms-token T | --kms-ak AK --kms-sk SK] [--kms-project ID] [--junit FILE] [--json FILE]',
  '',
  '  Runs conformance cases that change nothing against a provider (the real service, or a',
  '  mock): every read, a no-op write, and refusals. Checks each answer against the documents:',
  '  status, declared headers, body schema, error envelope and code. Exits 0 when nothing',
  '  drifted, 1 on any drift, 2 when it could not run (unreachable, credentials refused).',
].join('\n');

interface VerifyCommand {
  options: VerifyOptions;
  junit?: string;
  json?: string;
}

export function parseVerifyArgs(argv: string[]): VerifyCommand {
  let values: Record<string, string | undefined>;
  const names = ['target', 'api', 'rainbond-token', 'kms-token', 'kms-ak', 'kms-sk', 'kms-project', 'junit', 'json'];
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])) }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (!values.target) throw new CliError('verify needs --target, the address of the provider');
  if (values.api !== undefined && values.api !== 'rainbond' && values.api !== 'kms') throw new CliError(`--api is rainbond or kms, got "${values.api}"`);
  if ((values['kms-ak'] === undefined) !== (values['kms-sk'] === undefined)) throw new CliError('--kms-ak and --kms-sk go together');
  const apis: VerifiedApi[] = values.api ? [values.api as VerifiedApi] : ['rainbond', 'kms'];
  const credentials = { rainbondToken: values['rainbond-token'], kmsToken: values['kms-token'], kmsAk: values['kms-ak'], kmsSk: values['kms-sk'] };
  return { options: { target: values.target.replace(/\/+$/, ''), apis, credentials, kmsProject: values['kms-project'] }, junit: values.junit, json: values.json };
}

export function verifyTable(report: VerifyReport): string {
  const lines = report.results.flatMap((r) => [
    `${r.drifts.length ? 'DRIFT' : 'ok   '} ${r.api} ${r.operationId}: ${r.case} (${r.status})`,
    ...r.drifts.map((d) => `        ${d.pointer}: ${d.message}`),
  ]);
  return [...lines, '', `${report.summary.cases} cases, ${report.summary.drifted} drifted`].join('\n');
}

function verifyJunit(report: VerifyReport): string {
  const suites = (['rainbond', 'kms'] as const).map((api) => ({
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
  let report: VerifyReport;
  try {
    report = await verify(command.options);
  } catch (err) {
    if (!(err instanceof CannotVerify)) throw err;
    console.error(`regionmock verify: ${err.message}`);
    return 2;
  }
  console.log(verifyTable(report));
  if (command.junit) writeFileSync(command.junit, verifyJunit(report));
  if (command.json) writeFileSync(command.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.summary.drifted > 0 ? 1 : 0;
}
