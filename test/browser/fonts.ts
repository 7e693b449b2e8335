import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fontconfig folder that lets the browser see the machine's fonts (Debian's CJK font among
 * them) beside the ones the registry's Chromium unpacks: that Chromium points FONTCONFIG_PATH
 * at its own folder only, so Chinese text showed as empty boxes.
 */
export function fontConfigPath(): string {
  const dir = join(tmpdir(), 'regionmock-fontconfig');
  mkdirSync(dir, { recursive: true });
  const system = existsSync('/etc/fonts/fonts.conf') ? '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' : '';
  const conf = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${system}  <dir>${join(tmpdir(), 'fonts')}</dir>\n  <cachedir>${join(tmpdir(), 'fonts-cache')}</cachedir>\n</fontconfig>\n`;
  writeFileSync(join(dir, 'fonts.conf'), conf);
  return dir;
}
