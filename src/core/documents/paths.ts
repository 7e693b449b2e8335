import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The package's own folder: the nearest one up from this file whose package.json is
 * regionmock's. The code runs from src/core (tests), from dist/ (one bundled file) or from a
 * user's node_modules, each at a different depth.
 */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'regionmock') return dir;
    if (dirname(dir) === dir) throw new Error(`regionmock: cannot find its own package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = packageRoot(__dirname);
export const SPEC_DIR = resolve(PACKAGE_ROOT, 'spec');
export const DEFAULT_FIXTURES_DIR = resolve(PACKAGE_ROOT, 'fixtures');
export const PACKAGE_VERSION = (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
