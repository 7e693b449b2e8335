import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from './cli-args';
import { junitXml } from './core/record/junit';
import { CannotVerify, verify, type VerifiedApi, type VerifyOptions, type VerifyReport } from './verify/run';

export const VERIFY_USAGE = [
  'Usage: regionmock verify --target URL [--api rainbond|kms] [--rainbond-token T]',
  '                         [--kms-token T | --kms-ak AK --kms-sk SK] [--kms-project ID] [--junit FILE] [--json FILE]',
  '                         [--allow-writes [--kms-key KEY --kms-primary REGION]]',
  '',
  '  Runs conformance cases against a provider (the real service, or a mock): every read and',
  '  refusals that change nothing; with --allow-writes, writes meant as no-ops too (a region',
  '  written back as read; a key moved to the primary region you give). Checks each answer',
  '  against the documents: status, declared headers, body schema, error envelope and code.',
  '  Exits 0 when nothing drifted, 1 on any drift, 2 when it could not run.',
  '  Secrets may come from the environment instead of the command line: REGIONMOCK_RAINBOND_TOKEN,',
  '  REGIONMOCK_KMS_TOKEN, REGIONMOCK_KMS_AK, REGIONMOCK_KMS_SK.',
].join('\n');

interface VerifyCommand {
  options: VerifyOptions;
  junit?: string;
  json?: string;
}

export function parseVerifyArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): VerifyCommand {
  let values: Record<string, string | boolean | undefined>;
  const names = ['target', 'api', 'rainbond-token', 'kms-token', 'kms-ak', 'kms-sk', 'kms-project', 'kms-key', 'kms-primary', 'junit', 'json'];
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
  if (api !== undefined && api !== 'rainbond' && api !== 'kms') throw new CliError(`--api is rainbond or kms, got "${api}"`);
  const credentials = { rainbondToken: text('rainbond-token', 'REGIONMOCK_RAINBOND_TOKEN'), kmsToken: text('kms-token', 'REGIONMOCK_KMS_TOKEN'), kmsAk: text('kms-ak', 'REGIONMOCK_KMS_AK'), kmsSk: text('kms-sk', 'REGIONMOCK_KMS_SK') };
  if ((credentials.kmsAk === undefined) !== (credentials.kmsSk === undefined)) throw new CliError('--kms-ak and --kms-sk go together');
  const apis: VerifiedApi[] = api ? [api as VerifiedApi] : ['rainbond', 'kms'];
  if (apis.includes('kms') && !text('kms-project')) throw new CliError('verifying KMS needs --kms-project, the project id of the credentials (or --api rainbond)');
  if ((text('kms-key') === undefined) !== (text('kms-primary') === undefined)) throw new CliError('--kms-key and --kms-primary go together');
  const writes = { allowed: values['allow-writes'] === true, kmsKey: text('kms-key'), kmsPrimary: text('kms-primary') };
  return { options: { target: target.replace(/\/+$/, ''), apis, credentials, kmsProject: text('kms-project'), writes }, junit: text('junit'), json: text('json') };
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
