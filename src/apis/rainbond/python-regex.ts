/**
 * A Python regular expression of the console's (openapi/serializer/utils.py), as the document
 * quotes it in `x-console-regex`, run with Python's meaning in JavaScript: `\d` is any decimal
 * digit, `\S` anything but Python's white space, IGNORECASE folds as Python's `re` does (the
 * `u` and `i` flags fold ſ and K; ı and İ are added to letter ranges by hand), and
 * `re.match` anchors at the start only.
 */
export interface ConsoleRegex {
  source: string;
  ignoreCase?: boolean;
}

/** Python's white space (`str.isspace()`, what `\\s` and `str.strip()` mean), as a character class's inside. */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

export function pythonRegex({ source, ignoreCase }: ConsoleRegex): RegExp {
  let js = source.replace(/\\d/g, '\\p{Nd}').replace(/\\S/g, `[^${PY_SPACE}]`);
  if (ignoreCase) js = js.replace(/\[([^\]]*A-Z[^\]]*)\]/g, '[$1\\u0130\\u0131]');
  return new RegExp(`^(?:${js})`, ignoreCase ? 'iu' : 'u');
}
