import { DRF } from './messages';
import { PyNumber } from './python-json';
import { PY_SPACE, pythonRegex, type ConsoleRegex } from './python-regex';
import { QueryDict, UploadedFile } from './form-data';

/**
 * The console's request serializers (openapi/v2/serializer/region_serializer.py): DRF
 * ModelSerializers whose fields are CharFields made from RegionConfig (console/models/main.py).
 * What each field allows comes from the document's schema (required, nullable, minLength 1 for
 * "not blank", maxLength, the regex or enum of the console's validate_<field> with its
 * message in `x-invalid-message`, its Python regex in `x-console-regex`, `x-unique`); how a value is read and in which order it is
 * refused is Django REST framework 3.16.0's (fields.py CharField, serializers.py
 * Serializer.to_internal_value), reproduced here.
 */

interface PropertySchema {
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  enum?: string[];
  'x-invalid-message'?: string;
  'x-console-regex'?: ConsoleRegex;
  'x-unique'?: boolean;
}

export interface ObjectSchema {
  required?: string[];
  properties?: Record<string, unknown>;
}

interface FieldRule {
  name: string;
  required: boolean;
  allowNull: boolean;
  allowBlank: boolean;
  maxLength?: number;
  unique: boolean;
  /** The console's validate_<field>: its test and its words. */
  check?: { test(value: string): boolean; message: string };
}

/** Python's `str.strip()` with no argument (CPython's whitespace; not JavaScript's trim set). */
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
export const pythonStrip = (text: string) => text.replace(STRIP, '');

/** A field that was not sent at all (DRF's `empty`). */
const EMPTY = Symbol('empty');
type Primitive = unknown | typeof EMPTY;

type Resolve = <T>(node: T | { $ref: string }) => T;

/** Each body schema's rules, made once: the document does not change while it is served. */
const RULES = new WeakMap<ObjectSchema, FieldRule[]>();

export function fieldRules(schema: ObjectSchema, resolve: Resolve): FieldRule[] {
  let rules = RULES.get(schema);
  if (!rules) RULES.set(schema, (rules = readRules(schema, resolve)));
  return rules;
}

function readRules(schema: ObjectSchema, resolve: Resolve): FieldRule[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, node]) => {
    const p = resolve(node as PropertySchema);
    const message = p['x-invalid-message'];
    let check: FieldRule['check'];
    const regex = p['x-console-regex'];
    if (message && regex) {
      const pattern = pythonRegex(regex);
      check = { test: (v) => pattern.test(v), message };
    } else if (message && p.enum) {
      const values = p.enum;
      check = { test: (v) => values.includes(v), message };
    }
    return { name, required: required.has(name), allowNull: p.nullable === true, allowBlank: (p.minLength ?? 0) < 1, maxLength: p.maxLength, unique: p['x-unique'] === true, check };
  });
}

/** Python's name for the type a JSON value became. */
function pythonType(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof PyNumber) return /^-?\d+$/.test(value.text) ? 'int' : 'float';
  return 'dict';
}

/** Field.get_value: a form's empty value stands for null or for "not sent" (fields.py:407-429). */
function primitive(data: Record<string, unknown> | QueryDict, rule: FieldRule): Primitive {
  if (!(data instanceof QueryDict)) return Object.hasOwn(data, rule.name) ? data[rule.name] : EMPTY;
  if (!data.values.has(rule.name)) return EMPTY;
  const value = data.values.get(rule.name);
  if (value === '' && rule.allowNull) return rule.allowBlank ? '' : null;
  if (value === '' && !rule.required) return rule.allowBlank ? '' : EMPTY;
  return value;
}

/** Each validator of the field runs and every failure is kept (fields.py run_validators). */
function validators(rule: FieldRule, value: string, taken: (field: string, value: string) => boolean): string[] {
  const failures: string[] = [];
  if (rule.unique && taken(rule.name, value)) failures.push(DRF.unique(rule.name));
  if (rule.maxLength !== undefined && [...value].length > rule.maxLength) failures.push(DRF.maxLength(rule.maxLength));
  if (value.includes('\u0000')) failures.push(DRF.nullCharacters);
  const surrogate = [...value].find((ch) => ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff);
  if (surrogate !== undefined) failures.push(DRF.surrogate(surrogate.charCodeAt(0)));
  return failures;
}

/** One field: blank first, then required and null, then the type, then the validators, then validate_<field>. */
function runField(rule: FieldRule, value: Primitive, taken: (field: string, value: string) => boolean): { value?: string | null; errors?: string[]; skip?: true } {
  if (typeof value === 'string' && pythonStrip(value) === '') return rule.allowBlank ? { value: '' } : { errors: [DRF.blank] };
  if (value === EMPTY) return rule.required ? { errors: [DRF.required] } : { skip: true };
  if (value === null) return rule.allowNull ? { value: null } : { errors: [DRF.null] };
  if (value instanceof UploadedFile || (typeof value !== 'string' && !(value instanceof PyNumber))) return { errors: [DRF.invalidString] };
  const text = value instanceof PyNumber ? value.text : pythonStrip(value);
  const failures = validators(rule, text, taken);
  if (failures.length > 0) return { errors: failures };
  if (rule.check && !rule.check.test(text)) return { errors: [rule.check.message] };
  return { value: text };
}

type SerializerResult = { data: Record<string, string | null> } | { errors: Record<string, string[]> };

/**
 * `serializer.is_valid()` and then `serializer.data`: every failing field with all its messages,
 * in the serializer's field order; or the fields read, where an allow_null field not sent is null
 * and any other not sent is left out (fields.py Field.get_attribute).
 */
export function runSerializer(rules: FieldRule[], data: unknown, taken: (field: string, value: string) => boolean): SerializerResult {
  if (data === null) return { errors: { non_field_errors: [DRF.noData] } };
  if (!(data instanceof QueryDict) && (typeof data !== 'object' || Array.isArray(data) || data instanceof PyNumber)) {
    return { errors: { non_field_errors: [DRF.notADict(pythonType(data))] } };
  }
  const fields = data as Record<string, unknown> | QueryDict;
  const out: Record<string, string | null> = {};
  const errors: Record<string, string[]> = {};
  for (const rule of rules) {
    const result = runField(rule, primitive(fields, rule), taken);
    if (result.errors) errors[rule.name] = result.errors;
    else if (!result.skip) out[rule.name] = result.value ?? null;
    else if (rule.allowNull) out[rule.name] = null;
  }
  return Object.keys(errors).length > 0 ? { errors } : { data: out };
}
