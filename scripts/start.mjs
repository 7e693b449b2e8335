// npm start: the command line on the built package. `npm ci` builds once (the `prepare`
// script); here only what changed since is built again, without type declarations (tsc is the
// slow part of a build and the CLI does not need them), so a start costs about what the CLI's
// own cold start costs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const at = (...parts) => join(root, ...parts);

/** The newest modification time under these files and folders. */
function newest(paths) {
  let time = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) time = Math.max(time, newest(readdirSync(path).map((name) => join(path, name))));
    else time = Math.max(time, stat.mtimeMs);
  }
  return time;
}

const builtAt = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
const run = (script) => execFileSync(process.execPath, [at('scripts', script)], { cwd: root, stdio: 'inherit' });

if (newest([at('src'), at('package.json'), at('scripts', 'bundle.mjs')]) > builtAt(at('dist', 'cli.js'))) run('bundle.mjs');
if (newest([at('spec'), at('fixtures'), at('scripts', 'parse-yaml.mjs')]) > builtAt(at('dist', 'parsed-yaml'))) run('parse-yaml.mjs');
await import(pathToFileURL(at('dist', 'cli.js')).href);
