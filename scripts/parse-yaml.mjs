// The package's own YAML (documents and fixtures) parsed once at build time into JSON named by
// the hash of the text, which src/core/documents/yaml-file.ts reads instead of parsing at start-up.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

const out = 'dist/parsed-yaml';
mkdirSync(out, { recursive: true });
const yamlFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
for (const file of [...yamlFiles('spec'), ...yamlFiles('fixtures'), ...yamlFiles('scenarios')]) {
  const text = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  writeFileSync(join(out, `${hash}.json`), JSON.stringify(load(text, { filename: file, schema: CORE_SCHEMA })));
}
