// The package's JavaScript: one CommonJS file per entry point, with the ESM-only dependencies
// (lowdb and its steno) inside, so that the package loads under require, import, Jest (which
// does not transform node_modules), Vitest and node:test with no configuration. Every other
// dependency stays a dependency. Types come from tsc (declarations only).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const BUNDLED = new Set(['lowdb']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));

await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
