import type { IncomingHttpHeaders } from 'node:http';
import type { SpecDocument } from './spec';

/** What a masked value shows in place of a secret string. */
export const MASK = '***';

/** The extension a document puts on a schema whose value is a secret (a token, a key, a certificate). */
const SECRET_MARK = 'x-secret';

/** A body's text after masking, and the secret strings it held (to take out of messages about it). */
export interface MaskedText {
  text: string;
  found: string[];
}

type Node = Record<string, unknown>;

/**
 * The fields a document marks `x-secret: true`, by property name, and the one rule for masking
 * them wherever the mock keeps or shows a body: the journal, the console and verify read what
 * it gives, and so does anything that records calls. Fields are matched by name anywhere in a
 * body rather than by the operation's schema, because a provider behind `--proxy` may answer
 * what its schema does not say (a `token` where none is documented): that is what it is there
 * to find, and its secrets must stay hidden all the same.
 */
export class SecretFields {
  readonly names: ReadonlySet<string>;
  /** A marked name with something in it (not null, not ""): most JSON bodies are told apart by this test alone. */
  private readonly valued: RegExp;
  /** The names as a list, for the form body's quick test. */
  private readonly nameList: readonly string[];

  constructor(names: Iterable<string>) {
    this.names = new Set(names);
    this.nameList = [...this.names];
    const alternatives = [...this.names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    this.valued = new RegExp(`"(?:${alternatives})"\\s*:\\s*(?!\\s|null\\b|"")`);
  }

  /** Whether a text may hold a marked value; escapes (\u0074oken, tok%65n) could spell a name, so they are read whole. */
  private mayHold(text: string, form: boolean): boolean {
    if (this.names.size === 0) return false;
    if (form) return text.includes('%') || this.nameList.some((name) => text.includes(name));
    return text.includes('\\u') || this.valued.test(text);
  }

  /**
   * A JSON value with every marked field's value masked (a copy; the value itself is never
   * changed); the same value when nothing was marked. `found` collects the secret strings.
   */
  maskValue(value: unknown, found: string[] = []): unknown {
    if (this.names.size === 0 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const items = value.map((item) => this.maskValue(item, found));
      return items.some((item, i) => item !== value[i]) ? items : value;
    }
    let out: Node | undefined;
    for (const [name, inner] of Object.entries(value as Node)) {
      const masked = this.names.has(name) ? blanked(inner, found) : this.maskValue(inner, found);
      if (masked !== inner) (out ??= { ...(value as Node) })[name] = masked;
    }
    return out ?? value;
  }

  /**
   * A body's text with its marked fields masked, read as JSON, form-encoded or multipart as
   * its content type says; text that is none of them (JSON cut short, or malformed) has its
   * `"name": "value"` pairs masked where they stand.
   */
  maskText(text: string, contentType = ''): MaskedText {
    const found: string[] = [];
    const type = contentType.toLowerCase();
    const form = type.startsWith('application/x-www-form-urlencoded');
    const multipart = type.startsWith('multipart/form-data');
    if (!this.mayHold(text, form || multipart)) return { text, found };
    if (form) return { text: this.maskForm(text, found), found };
    if (multipart) return { text: this.maskParts(text, found), found };
    try {
      const parsed: unknown = JSON.parse(text);
      const masked = this.maskValue(parsed, found);
      return { text: masked === parsed ? text : JSON.stringify(masked), found };
    } catch {
      return { text: this.maskPairs(text, found), found };
    }
  }

  /** A query (or any flat map of names) with the marked names' values masked; the same object when none is there. */
  maskQuery<T extends Record<string, unknown>>(query: T): T {
    return this.maskValue(query) as T;
  }

  private maskForm(text: string, found: string[]): string {
    const form = new URLSearchParams(text);
    const out = new URLSearchParams();
    for (const [name, value] of form) {
      const secret = this.names.has(name) && value !== '';
      if (secret) found.push(value);
      out.append(name, secret ? MASK : value);
    }
    return found.length > 0 ? out.toString() : text;
  }

  /** A multipart body's parts named for a marked field get the mask as their content. */
  private maskParts(text: string, found: string[]): string {
    return text.replace(/(content-disposition:[^\r\n]*\bname="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([\s\S]*?)(\r?\n--)/gi, (whole, head: string, name: string, value: string, end: string) => {
      if (!this.names.has(name) || value === '') return whole;
      found.push(value);
      return `${head}${MASK}${end}`;
    });
  }

  /** Text that is not JSON as a whole: each `"name": "value"` (or a bare scalar) of a marked name is masked in place. */
  private maskPairs(text: string, found: string[]): string {
    return text.replace(/"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|-?[\w.+-]+)/g, (whole, rawName: string, colon: string, value: string) => {
      if (!this.names.has(unquoted(rawName)) || value === '""' || value === 'null') return whole;
      found.push(value.startsWith('"') ? unquoted(value.replace(/^"|"$/g, '')) : value);
      return `"${rawName}"${colon}${value.startsWith('"') ? `"${MASK}"` : /^(true|false)$/.test(value) ? 'false' : '0'}`;
    });
  }
}

/**
 * A marked field's value with its secrets taken out and its JSON type kept, so that a
 * masked entry still passes the schema check it passed before: a non-empty string becomes
 * `***`, an empty one stays empty (it holds nothing, and a schema may require it blank), a
 * number 0, a boolean false; null stays null; arrays and objects keep their shape.
 */
function blanked(value: unknown, found: string[]): unknown {
  if (typeof value === 'string') {
    if (value === '') return value;
    found.push(value);
    return MASK;
  }
  if (typeof value === 'number') {
    found.push(String(value));
    return 0;
  }
  if (typeof value === 'boolean') return false;
  if (Array.isArray(value)) return value.map((item) => blanked(item, found));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blanked(v, found)]));
  return value;
}

function unquoted(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * A message (a validator's finding, a drift, an error) with any secret found in the body it
 * is about replaced by the mask: messages are free text, so they are cleaned by value.
 */
export function scrubbed(message: string, found: readonly string[]): string {
  let out = message;
  for (const secret of found) if (secret.length >= 4) out = out.split(secret).join(MASK);
  return out;
}

/** Request headers as they may be shown: one string each, the credential headers masked. */
export function maskHeaders(headers: IncomingHttpHeaders, credentials: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = credentials.has(name) ? MASK : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Whether a schema (a $ref followed) carries the secret mark. */
function marked(spec: SpecDocument, schema: unknown): boolean {
  const seen = new Set<unknown>();
  let node = schema;
  while (node && typeof node === 'object' && !seen.has(node)) {
    seen.add(node);
    if ((node as Node)[SECRET_MARK] === true) return true;
    const ref = (node as Node).$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return false;
    node = spec.resolve({ $ref: ref });
  }
  return false;
}

/** Every property name, anywhere in the document, whose schema is marked; and parameters so marked. */
function markedNames(spec: SpecDocument): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const object = node as Node;
    const properties = object.properties;
    if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [name, schema] of Object.entries(properties as Node)) if (marked(spec, schema)) names.add(name);
    }
    if (typeof object.name === 'string' && typeof object.in === 'string' && marked(spec, object.schema)) names.add(object.name);
    for (const inner of Object.values(object)) visit(inner);
  };
  visit(spec.doc);
  return names;
}

/** Documents are compiled once per process (compile-cache.ts); so are their secret fields. */
const byDocument = new WeakMap<SpecDocument, SecretFields>();

/** The secret fields a document marks, read from it once. */
export function secretFieldsOf(spec: SpecDocument): SecretFields {
  let fields = byDocument.get(spec);
  if (!fields) {
    fields = new SecretFields(markedNames(spec));
    byDocument.set(spec, fields);
  }
  return fields;
}
