import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Noto Sans SC from the registry (a dev dependency, SIL Open Font License), so that any machine with npm draws Chinese. */
const CJK_FONTS = ['400Regular', '700Bold'].map((weight) => dirname(require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/index.js`)));

/**
 * A fontconfig folder that lets the browser see a CJK font shipped in a registry package and
 * the machine's own fonts, beside the ones the registry's Chromium unpacks: that Chromium
 * points FONTCONFIG_PATH at its own folder only, so Chinese text showed as empty boxes.
 */
export function fontConfigPath(): string {
  const dir = join(tmpdir(), 'regionmock-fontconfig');
  mkdirSync(dir, { recursive: true });
  const system = existsSync('/etc/fonts/fonts.conf') ? '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' : '';
  const dirs = [...CJK_FONTS, join(tmpdir(), 'fonts')].map((dir) => `  <dir>${dir}</dir>\n`).join('');
  const conf = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${system}${dirs}  <cachedir>${join(tmpdir(), 'fonts-cache')}</cachedir>\n</fontconfig>\n`;
  writeFileSync(join(dir, 'fonts.conf'), conf);
  return dir;
}
