#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, parseCli, USAGE } from './cli-args';
import { resolveOptions } from './config';
import { PACKAGE_ROOT } from './core/paths';
import { startServer } from './index';

/** `regionmock [serve]`: serves until SIGTERM or SIGINT, then closes gracefully. */
async function main(): Promise<void> {
  const command = parseCli(process.argv.slice(2));
  if (command.kind === 'help') return void console.log(USAGE);
  if (command.kind === 'version') {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    return void console.log(pkg.version);
  }
  const options = resolveOptions({}, { LOG_LEVEL: 'info', ...process.env, ...command.env });
  const server = await startServer(options);
  console.log(`regionmock listening on ${server.url}`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  console.error(`regionmock: ${err.message}`);
  if (err instanceof CliError) console.error(`\n${USAGE}`);
  process.exit(err instanceof CliError ? 2 : 1);
});
