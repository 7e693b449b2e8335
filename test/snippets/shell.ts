import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The guides' shell snippets run as written, with no shell and no curl on the machine (the
 * suite needs only Node and npm): the part of sh they use (comments, `\` continuations,
 * quotes, `VAR=value`, `$VAR`, `> file`) and the part of curl they use (-s -i -X -H -d
 * --data-binary @file -G --data-urlencode -o -w), against the mock at `base` in place of
 * 127.0.0.1:4010.
 */

/** Splits one logical command into words, as sh does for the quoting the snippets use. */
function words(line: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  let word: string | undefined;
  const push = (text: string) => (word = (word ?? '') + text);
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      push(line.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (line[j] !== '"') {
        if (line[j] === '\\' && '"\\$'.includes(line[j + 1])) text += line[(j += 1)];
        else if (line[j] === '$') {
          const name = /^[A-Za-z_]\w*/.exec(line.slice(j + 1))?.[0] ?? '';
          text += vars[name] ?? '';
          j += name.length;
        } else text += line[j];
        j++;
      }
      push(text);
      i = j;
    } else if (c === '$') {
      const name = /^[A-Za-z_]\w*/.exec(line.slice(i + 1))?.[0] ?? '';
      push(vars[name] ?? '');
      i += name.length;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else push(c);
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** Whether a text leaves a quote open at its end (so the command goes on on the next line). */
function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === undefined && c === '#' && (i === 0 || /\s/.test(text[i - 1]))) return false;
    if (quote === undefined && (c === "'" || c === '"')) quote = c;
    else if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
  }
  return quote !== undefined;
}

/** The logical commands of a snippet: continuations and quoted line breaks joined, blank and comment lines left out. */
export function commands(script: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const line of script.replace(/\\\n\s*/g, ' ').split('\n')) {
    pending = pending ? `${pending}\n${line}` : line.trim();
    if (openQuote(pending)) continue;
    if (pending && !pending.startsWith('#')) out.push(pending);
    pending = '';
  }
  return out;
}

/** What a command of the snippets is, when it is not one this runner takes (npm, docker, a pipe...). */
export function unsupported(command: string): string | undefined {
  if (/\|/.test(command.replace(/'[^']*'|"[^"]*"/g, ''))) return 'a pipe';
  const first = command.split(/\s+/).find((w) => !/^[A-Za-z_]\w*=/.test(w));
  if (first === undefined || first === 'curl') return undefined;
  return first;
}

async function curl(args: string[], base: string, cwd: string): Promise<string> {
  let method: string | undefined;
  let url = '';
  let include = false;
  let toNull = false;
  let format: string | undefined;
  let get = false;
  const headers: Record<string, string> = {};
  const data: string[] = [];
  const query: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-s') continue;
    else if (a === '-i') include = true;
    else if (a === '-G') get = true;
    else if (a === '-X') method = args[++i];
    else if (a === '-H') {
      const [name, ...value] = args[++i].split(':');
      headers[name.trim()] = value.join(':').trim();
    } else if (a === '-d' || a === '--data-binary') {
      const value = args[++i];
      data.push(value.startsWith('@') ? readFileSync(join(cwd, value.slice(1)), 'utf8') : value);
    } else if (a === '--data-urlencode') {
      const [name, ...value] = args[++i].split('=');
      query.push(`${name}=${encodeURIComponent(value.join('='))}`);
    } else if (a === '-o') toNull = args[++i] === '/dev/null';
    else if (a === '-w') format = args[++i];
    else if (a.startsWith('-')) throw new Error(`the snippet runner does not know curl's ${a}`);
    else url = a.replace('http://127.0.0.1:4010', base);
  }
  if (get) url += (url.includes('?') ? '&' : '?') + [...data, ...query].join('&');
  const body = get || data.length === 0 ? undefined : data.join('&');
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const started = performance.now();
  const res = await fetch(url, { method: method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let out = toNull ? '' : text;
  if (include) out = `HTTP/1.1 ${res.status} ${res.statusText}\r\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${out}`;
  if (format) out += format.replace('%{time_total}', ((performance.now() - started) / 1000).toFixed(6)).replace('%{http_code}', String(res.status)).replace(/\\n/g, '\n');
  return out;
}

/** Runs a snippet's commands in order and answers what they printed. */
export async function runSnippet(script: string, base: string, cwd: string): Promise<string> {
  const vars: Record<string, string> = {};
  let printed = '';
  for (const command of commands(script)) {
    const reason = unsupported(command);
    if (reason) throw new Error(`the snippet runner does not run ${reason}: ${command}`);
    const [redirect, file] = /\s>\s*(\S+)\s*(#.*)?$/.exec(command) ?? [];
    const all = words(redirect ? command.slice(0, command.lastIndexOf('>')) : command, vars);
    while (all.length > 0 && /^[A-Za-z_]\w*=/.test(all[0])) {
      const [name, ...value] = (all.shift() as string).split('=');
      vars[name] = value.join('=');
    }
    if (all.length === 0) continue;
    const out = await curl(all.slice(1), base, cwd);
    if (redirect) writeFileSync(join(cwd, file), out);
    else printed += out.endsWith('\n') ? out : `${out}\n`;
  }
  return printed;
}
