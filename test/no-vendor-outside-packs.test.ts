import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A vendor is named only in its own folder (src/apis/<vendor>/) and the pack registry
 * (src/apis/index.ts, src/apis/settings.ts): in code and in help texts. Comments may say
 * where an idea came from.
 */
const SRC = join(__dirname, '..', 'src');
const VENDORS = /rainbond|kms|huawei/i;
const REGISTRY = new Set(['apis/index.ts', 'apis/settings.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The code of a file without its comments (block comments, and line comments that are not inside a string or a URL). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

describe('vendors stay in their packs', () => {
  it('names no vendor in src/ outside src/apis/<vendor>/ and the registry', () => {
    const named = files(SRC)
      .map((file) => relative(SRC, file).split('\\').join('/'))
      .filter((file) => !/^apis\/[^/]+\//.test(file) && !REGISTRY.has(file))
      .flatMap((file) =>
        code(readFileSync(join(SRC, file), 'utf8'))
          .split('\n')
          .filter((line) => VENDORS.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(named).toEqual([]);
  });

  it('would find a vendor named in code (the check can fail)', () => {
    expect(VENDORS.test(code("const api = 'kms'; // a comment naming rainbond"))).toBe(true);
    expect(VENDORS.test(code('/* Huawei */ const x = 1; // rainbond'))).toBe(false);
  });
});
