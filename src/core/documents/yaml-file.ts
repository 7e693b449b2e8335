import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
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

const JSON_START = /^\s*[[{]/;

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
  if (JSON_START.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // YAML's flow style looks like JSON but is not always JSON: js-yaml reads it.
    }
  }
  return load(text, { filename: file, schema: CORE_SCHEMA });
}

/**
 * A file's text, read 64 KiB at a time. Read in one piece, a large file takes a buffer of its
 * size from malloc; once that is freed, glibc raises its threshold for giving memory back to
 * the system, and keeps what start-up frees afterwards: 20 MB more RSS with 10,000 generated
 * regions and keys (12 MB of JSON).
 */
export function readText(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const decoder = new StringDecoder('utf8');
    let text = '';
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) text += decoder.write(chunk.subarray(0, read));
    return text + decoder.end();
  } finally {
    closeSync(fd);
  }
}

/**
 * A YAML file's content. The documents and fixtures shipped in the package were parsed at
 * build time (scripts/parse-yaml.mjs) into JSON, which reads several times faster; a file
 * whose text is not one of those (the user's own, or an edited one) is parsed here.
 */
export function readYamlFile(file: string): unknown {
  const text = readText(file);
  // JSON needs no parsing ahead (and hashing 10,000 records' text took a copy of it as UTF-8).
  if (JSON_START.test(text)) return parseYaml(text, file);
  let parsed: string | undefined;
  try {
    parsed = readFileSync(join(PARSED_DIR, `${yamlHash(text)}.json`), 'utf8');
  } catch {
    return parseYaml(text, file);
  }
  return JSON.parse(parsed);
}
