/**
 * JSON read as the console reads it: Django REST framework's JSONParser calls Python's
 * `json.load` (CPython 3.11's C scanner, `Modules/_json.c`) with `parse_constant` refusing
 * NaN and the infinities (rest_framework/utils/json.py). A body it refuses is answered with
 * Python's own message ("Expecting value: line 1 column 1 (char 0)"), and a number keeps the
 * text Python would give it when a CharField turns it into a string (`str(1.0)` is "1.0",
 * `str(10**30)` is exact), which JavaScript's JSON.parse cannot tell apart.
 */

/** A JSON number as Python holds it: `text` is `str()` of the int or float it became. */
export class PyNumber {
  constructor(readonly text: string) {}
}

/** What Python's json refuses, worded as `str()` of its exception. */
export class PyJsonError extends Error {}

/** Deeper than the mock reads (its journal and checks walk bodies recursively): the mock's own refusal, not Python's. */
export class TooDeep extends Error {}

/** Python 3.11 refuses to turn longer digit strings into an int (sys.get_int_max_str_digits()). */
const INT_MAX_DIGITS = 4300;

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SPECIAL = /["\\\u0000-\u001f]/g;

/** Python's `repr(float)`: the shortest digits that round-trip, laid out as Python lays them out. */
function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e');
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${shown}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

class Scanner {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  /** Python counts positions in characters (code points), not in UTF-16 units. */
  fail(message: string, at: number): never {
    const before = [...this.s.slice(0, at)];
    const char = before.length;
    const line = before.filter((c) => c === '\n').length + 1;
    const column = char - before.lastIndexOf('\n');
    throw new PyJsonError(`${message}: line ${line} column ${column} (char ${char})`);
  }

  skip(): void {
    while (this.pos < this.s.length && WHITESPACE.has(this.s[this.pos])) this.pos++;
  }

  document(): unknown {
    if (this.s.startsWith('\ufeff')) this.fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
    this.skip();
    const value = this.value();
    this.skip();
    if (this.pos !== this.s.length) this.fail('Extra data', this.pos);
    return value;
  }

  private value(): unknown {
    const { s, pos } = this;
    const c = s[pos];
    if (c === '"') return this.string();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (s.startsWith(word, pos)) {
        this.pos += word.length;
        return value;
      }
    }
    for (const constant of ['NaN', 'Infinity', '-Infinity']) {
      if (s.startsWith(constant, pos)) throw new PyJsonError(`Out of range float values are not JSON compliant: '${constant}'`);
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(s);
    if (!m) this.fail('Expecting value', pos);
    this.pos += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const digits = m[0].replace('-', '').length;
      if (digits > INT_MAX_DIGITS) {
        throw new PyJsonError(`Exceeds the limit (${INT_MAX_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`);
      }
      return new PyNumber(m[0] === '-0' ? '0' : m[0]);
    }
    return new PyNumber(pythonFloat(Number(m[0])));
  }

  private string(): string {
    const { s } = this;
    const begin = this.pos;
    let i = begin + 1;
    let out = '';
    for (;;) {
      // The plain run up to the next quote, backslash or control character, in one slice.
      SPECIAL.lastIndex = i;
      const next = SPECIAL.exec(s);
      if (!next) this.fail('Unterminated string starting at', begin);
      out += s.slice(i, next.index);
      i = next.index;
      const c = s[i];
      if (c === '"') break;
      if (c !== '\\') this.fail('Invalid control character at', i);
      const e = s[i + 1];
      if (e === undefined) this.fail('Unterminated string starting at', begin);
      if (e !== 'u') {
        if (!(e in ESCAPES)) this.fail('Invalid \\escape', i);
        out += ESCAPES[e];
        i += 2;
        continue;
      }
      const unit = this.hex4(i + 2, i + 1);
      i += 6;
      // A high surrogate followed by an escaped low one is one character; alone, each stays.
      if (unit >= 0xd800 && unit <= 0xdbff && s[i] === '\\' && s[i + 1] === 'u') {
        const low = this.hex4(i + 2, i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          out += String.fromCharCode(unit, low);
          i += 6;
          continue;
        }
      }
      out += String.fromCharCode(unit);
    }
    this.pos = i + 1;
    return out;
  }

  private hex4(at: number, u: number): number {
    const text = this.s.slice(at, at + 4);
    // The C scanner wants the closing quote still to come after the four digits.
    if (at + 4 >= this.s.length || !HEX4.test(text)) this.fail('Invalid \\uXXXX escape', u);
    return parseInt(text, 16);
  }

  /** The members of an object or an array, up to `close`, each read by `item`, comma-separated. */
  private members(close: string, item: () => void): void {
    if (++this.depth > this.maxDepth) throw new TooDeep(`JSON nested deeper than ${this.maxDepth} levels`);
    this.pos++;
    this.skip();
    if (this.s[this.pos] === close) {
      this.pos++;
      this.depth--;
      return;
    }
    for (;;) {
      item();
      this.skip();
      const c = this.s[this.pos];
      this.pos++;
      if (c === close) {
        this.depth--;
        return;
      }
      if (c !== ',') this.fail("Expecting ',' delimiter", this.pos - 1);
      this.skip();
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.members('}', () => {
      if (this.s[this.pos] !== '"') this.fail('Expecting property name enclosed in double quotes', this.pos);
      const key = this.string();
      this.skip();
      if (this.s[this.pos] !== ':') this.fail("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skip();
      // A repeated key keeps its last value, as a dict built in order does.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.members(']', () => out.push(this.value()));
    return out;
  }
}

/** `json.loads(text)` as DRF calls it; throws PyJsonError with Python's words, or TooDeep past `maxDepth` levels. */
export function parsePythonJson(text: string, maxDepth = Infinity): unknown {
  return new Scanner(text, maxDepth).document();
}
