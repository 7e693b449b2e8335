import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What a reader of the package or the repository meets cites what they can follow: no path
 * that leaves the repository (the development setup's `../shared`, an absolute path of this
 * machine) in the documents, the code, the README or the guides.
 */
const ROOT = join(__dirname, '..');
const LEAVES = /\.\.\/shared|shared\/reference|REAL-BEHAVIOUR|(^|[\s`'"(])\/(work|home|root|tmp)\//m;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|ya?ml|md)$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('sources a reader can follow', () => {
  it('has no path outside the repository in spec/, src/, README.md or docs/', () => {
    const found = [...files(join(ROOT, 'spec')), ...files(join(ROOT, 'src')), ...files(join(ROOT, 'docs')), join(ROOT, 'README.md')]
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ where: `${relative(ROOT, file)}:${i + 1}`, line })))
      .filter(({ line }) => LEAVES.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(found).toEqual([]);
  });

  it('would find one (the check can fail)', () => {
    expect(LEAVES.test('written from `../shared/reference/x.md`')).toBe(true);
    expect(LEAVES.test('see /work/main/src')).toBe(true);
    expect(LEAVES.test('https://support.huaweicloud.com/intl/en-us/api-dew/UpdatePrimaryRegion.html')).toBe(false);
  });
});
