// Strict readers for JSON bodies, with Meilisearch's (deserr's) wording for every rejection.
import { KachiError, type ErrorCode } from '../errors.ts';
import type { Json } from '../search-types.ts';

export type JsonObject = { [key: string]: Json };

/** `{a: 1}` → true; arrays and null are not objects here. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a string: `\"x\"`", "a negative integer: `-1`", as deserr describes a value it did not expect. */
export function describeValue(value: unknown): string {
  const shown = `\`${preview(value)}\``;
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string: ${shown}`;
  if (typeof value === 'boolean') return `a boolean: ${shown}`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return `a number: ${shown}`;
    return value < 0 ? `a negative integer: ${shown}` : `a positive integer: ${shown}`;
  }
  if (Array.isArray(value)) return `an array: ${shown}`;
  return `an object: ${shown}`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** `.queries[0].limit` style location; the root is ''. */
export function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

function where(path: string): string {
  return path === '' ? '' : ` at \`${path}\``;
}

/** "Invalid value type at `.limit`: expected a positive integer, but found a string: `\"x\"`". */
export function typeError(code: ErrorCode, path: string, expected: string, value: unknown): KachiError {
  return new KachiError(code, `Invalid value type${where(path)}: expected ${expected}, but found ${describeValue(value)}`);
}

/** "Invalid value at `.x`: why". */
export function valueError(code: ErrorCode, path: string, why: string): KachiError {
  return new KachiError(code, `Invalid value${where(path)}: ${why}`);
}

/** "Unknown value `foo` at `.matchingStrategy`: expected one of `last`, `all`, `frequency`". */
export function unknownValueError(code: ErrorCode, path: string, value: string, allowed: readonly string[]): KachiError {
  return new KachiError(code, `Unknown value \`${value}\`${where(path)}: expected one of ${listOf(allowed)}`);
}

export function listOf(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}

/** The body as an object, or `bad_request` "Invalid value type: expected an object, …". */
export function expectObject(value: unknown, code: ErrorCode = 'bad_request', path = ''): JsonObject {
  if (!isObject(value)) throw typeError(code, path, 'an object', value);
  return value;
}

/** Rejects the first field not in `allowed`: "Unknown field `x`: expected one of `a`, `b`". */
export function rejectUnknownFields(
  object: JsonObject,
  allowed: readonly string[],
  path = '',
  codeFor: (field: string) => ErrorCode = () => 'bad_request',
): void {
  for (const field of Object.keys(object)) {
    if (allowed.includes(field)) continue;
    const inside = path === '' ? '' : ` inside \`${path}\``;
    throw new KachiError(codeFor(field), `Unknown field \`${field}\`${inside}: expected one of ${listOf(allowed)}`);
  }
}

/** "Missing field `facetName`". */
export function missingField(code: ErrorCode, field: string, path = ''): KachiError {
  const inside = path === '' ? '' : ` inside \`${path}\``;
  return new KachiError(code, `Missing field \`${field}\`${inside}`);
}

/** A JSON value that must be a non-negative integer (a `usize`). */
export function readCount(value: Json | undefined, code: ErrorCode, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw typeError(code, path, 'a positive integer', value);
  return value;
}

export function readBoolean(value: Json | undefined, code: ErrorCode, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw typeError(code, path, 'a boolean', value);
  return value;
}

export function readString(value: Json | undefined, code: ErrorCode, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw typeError(code, path, 'a string', value);
  return value;
}

/** `null` passes through as null; otherwise an array of strings. */
export function readStringList(value: Json | undefined, code: ErrorCode, path: string): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) throw typeError(code, path, 'an array', value);
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw typeError(code, at(path, i), 'a string', item);
  });
  return value as string[];
}
