import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The README and every guide. */
export const DOC_FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

export interface Block {
  file: string;
  lang: string;
  /** The block's text, its indentation (in a list item) taken off. */
  code: string;
}

/** The fenced blocks of these languages in the README and the guides, in order. */
export function fencedBlocks(langs: string[]): Block[] {
  const fence = new RegExp(`^( *)\`\`\`(${langs.join('|')})\\n([\\s\\S]*?)^ *\`\`\``, 'gm');
  return DOC_FILES.flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(fence)].map((m) => ({ file, lang: m[2], code: m[3].split('\n').map((line) => line.slice(m[1].length)).join('\n') })),
  );
}
