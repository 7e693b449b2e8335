import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths';

/** Where the build leaves the package's own YAML files already parsed, by the hash of their text. */
const PARSED_DIR = join(PACKAGE_ROOT, 'dist', 'parsed-yaml');

type YamlModule = typeof import('yaml');
let yaml: YamlModule | undefined;

/** The yaml library, loaded when first needed: the package's own files never need it at start-up. */
export function yamlLibrary(): YamlModule {
  return (yaml ??= require('yaml') as YamlModule);
}

export function yamlHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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
    return yamlLibrary().parse(text);
  }
  return JSON.parse(parsed);
}
