import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const DOCS = join(ROOT, 'docs');

/** GitHub's anchor for a heading: lower-case, punctuation but `-` and `_` dropped, each space a `-`. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The text outside fenced code blocks (their lines left empty, so that line numbers hold). */
function prose(markdown: string): string {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const mark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && mark) {
      fence = mark;
      return '';
    }
    if (fence !== null) {
      if (mark && mark[0] === fence[0] && mark.length >= fence.length && line.trim() === mark) fence = null;
      return '';
    }
    return line;
  }).join('\n');
}

/** The anchors of a file's headings, as GitHub makes them (a repeated one gets `-1`, `-2`, ...). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm)) {
    const base = slug(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every link and image target in a file's prose (code spans and fenced blocks left out). */
function links(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** What is wrong with the relative links of `file`: a file that does not exist, an anchor no heading of it makes. */
function brokenLinks(file: string, markdown = readFileSync(file, 'utf8')): string[] {
  const problems: string[] = [];
  for (const target of links(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const hash = target.indexOf('#');
    const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const to = path === '' ? file : resolve(dirname(file), path);
    if (path !== '' && !existsSync(to)) {
      problems.push(`${target}: no file ${relative(ROOT, to)}`);
      continue;
    }
    const headings = () => anchors(path === '' ? markdown : readFileSync(to, 'utf8'));
    if (anchor !== null && to.endsWith('.md') && !headings().has(anchor)) {
      problems.push(`${target}: no heading of ${relative(ROOT, to)} has the anchor #${anchor}`);
    }
  }
  return problems;
}

const guides = readdirSync(DOCS).filter((name) => name.endsWith('.md')).sort();
const files = [join(ROOT, 'README.md'), ...guides.map((name) => join(DOCS, name))];

describe('the documentation\'s links', () => {
  it.each(files.map((file) => [relative(ROOT, file), file]))('%s: every relative link reaches a file, and a heading of it', (_name, file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('README.md links to every guide in docs/ directly', () => {
    const readme = join(ROOT, 'README.md');
    const linked = new Set(links(readFileSync(readme, 'utf8'))
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => resolve(ROOT, decodeURIComponent(target.split('#')[0]))));
    expect(guides.filter((name) => !linked.has(join(DOCS, name)))).toEqual([]);
    expect(guides.length).toBeGreaterThan(5);
  });
});

describe('the link check itself', () => {
  it('makes anchors as GitHub does', () => {
    expect(slug('Faults (`/__admin/faults`)')).toBe('faults-__adminfaults');
    expect(slug("`--rainbond-release 6.9.8`: the release's own departures from its documentation"))
      .toBe('--rainbond-release-698-the-releases-own-departures-from-its-documentation');
    expect(slug('Browsers (CORS)')).toBe('browsers-cors');
    expect(slug('node:test')).toBe('nodetest');
    expect([...anchors('# A\n\n## Notes\n\n```sh\n# not a heading\n```\n\n## Notes\n')]).toEqual(['a', 'notes', 'notes-1']);
  });

  it('finds a missing file, a missing anchor, and skips code and outside addresses', () => {
    const file = join(DOCS, 'example.md');
    const text = [
      '# Example', '',
      '[ok](#example) [ok too](../README.md#regionmock) ![picture](console.png) [web](https://example.com/x#y)',
      '[gone](nowhere.md) [no such heading](fixtures.md#nothing-like-this)',
      'A link across\n[two\nlines](#missing-here) and `[in code](nowhere-either.md)`.',
      '```md', '[in a block](nowhere-at-all.md)', '```',
    ].join('\n');
    expect(brokenLinks(file, text)).toEqual([
      'nowhere.md: no file docs/nowhere.md',
      'fixtures.md#nothing-like-this: no heading of docs/fixtures.md has the anchor #nothing-like-this',
      '#missing-here: no heading of docs/example.md has the anchor #missing-here',
    ]);
  });
});
