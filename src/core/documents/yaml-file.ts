import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { PACKAGE_ROOT } from './paths';

/** Where the build leaves the package's own YAML files already parsed, by the hash of their text. */
const PARSED_DIR = join(PACKAGE_ROOT, 'dist', 'parsed-yaml');

type YamlModule = typeof import('yaml');
let yaml: YamlModule | undefined;

/** The yaml library, for writing YAML (the docs page), loaded when first needed. */
export function yamlLibrary(): YamlModule {
  return (yaml ??= require('yaml') as YamlModule);
}

export function yamlHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * YAML as the mock reads it: js-yaml with YAML 1.2's core schema (no dates, no `yes` for
 * true, as the yaml library reads it too), about nine times faster than the yaml library on
 * a large fixture (10,000 regions: 0.26 s against 2.3 s, and a fraction of the memory).
 */
export function parseYaml(text: string, file: string): unknown {
  // JSON is YAML 1.2: a generated fixture written as JSON is read by JSON.parse, ten times faster again.
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // YAML's flow style looks like JSON but is not always JSON: js-yaml reads it.
    }
  }
  return load(text, { filename: file, schema: CORE_SCHEMA });
}

/**
 * A YAML file's content. The documents and fixtures shipped in the package were parsed at
 * build time (scripts/parse-yaml.mjs) into JSON, which reads several times faster; a file
 * whose text is not one of those (the user's own, or an edited one) is parsed here.
 */
export function readYamlFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  let parsed: string | undefined;
  try {
    parsed = readFileSync(join(PARSED_DIR, `${yamlHash(text)}.json`), 'utf8');
  } catch {
    return parseYaml(text, file);
  }
  return JSON.parse(parsed);
}
