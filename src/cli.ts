#!/usr/bin/env node
import './node-compile-cache';
import { CliError, parseCli, USAGE } from './cli-args';
import { COVERAGE_USAGE, parseCoverageArgs, runCoverage } from './cli-coverage';
import { parseVerifyArgs, runVerify, VERIFY_USAGE } from './cli-verify';
import { resolveOptions } from './config';
import { PACKAGE_VERSION } from './core/documents/paths';
import { flushLogs } from './core/record/request-log';
import { startServer } from './index';

/** `regionmock [serve]`: serves until SIGTERM or SIGINT, then closes gracefully. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'verify') {
    if (argv.includes('--help') || argv.includes('-h')) return void console.log(VERIFY_USAGE);
    process.exitCode = await runVerify(parseVerifyArgs(argv.slice(1)));
    return;
  }
  if (argv[0] === 'coverage') {
    if (argv.includes('--help') || argv.includes('-h')) return void console.log(COVERAGE_USAGE);
    process.exitCode = await runCoverage(parseCoverageArgs(argv.slice(1)));
    return;
  }
  const command = parseCli(argv);
  if (command.kind === 'help') return void console.log(USAGE);
  if (command.kind === 'version') return void console.log(PACKAGE_VERSION);
  const options = resolveOptions({}, { LOG_LEVEL: 'info', ...process.env, ...command.env });
  const server = await startServer(options);
  console.log(`regionmock listening on ${server.url}`);
  const stop = () => {
    const exit = (code: number) => {
      flushLogs();
      process.exit(code);
    };
    console.log('regionmock draining: ready answers 503, calls under way finish');
    server.close().then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  console.error(`regionmock: ${err.message}`);
  const command = process.argv[2];
  if (err instanceof CliError) console.error(`\n${command === 'verify' ? VERIFY_USAGE : command === 'coverage' ? COVERAGE_USAGE : USAGE}`);
  process.exit(err instanceof CliError ? 2 : 1);
});
