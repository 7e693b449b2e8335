import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The package's own folder: src/core in development and dist/core when built both sit two levels down. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const SPEC_DIR = resolve(PACKAGE_ROOT, 'spec');
export const DEFAULT_FIXTURES_DIR = resolve(PACKAGE_ROOT, 'fixtures');
export const PACKAGE_VERSION = (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
