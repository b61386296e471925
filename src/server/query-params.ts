// Strict readers for query strings (`?limit=10&fields=a,b`), worded like Meilisearch's query-parameter errors.
import type { FastifyRequest } from 'fastify';
import { KachiError, type ErrorCode } from '../errors.ts';
import { listOf } from './validate.ts';

export type QueryParams = Record<string, string>;

/** The query string as name → value; a repeated name keeps its last value. */
export function queryParams(request: FastifyRequest): QueryParams {
  const raw = request.query as Record<string, string | string[] | undefined> | undefined;
  const out: QueryParams = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? (value[value.length - 1] ?? '') : value;
  }
  return out;
}

/** "Unknown parameter `foo`: expected one of `limit`, `offset`". */
export function rejectUnknownParams(params: QueryParams, allowed: readonly string[], code: ErrorCode = 'bad_request'): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name))
      throw new KachiError(code, `Unknown parameter \`${name}\`: expected one of ${listOf(allowed)}`);
  }
}

export function paramError(code: ErrorCode, name: string, why: string): KachiError {
  return new KachiError(code, `Invalid value in parameter \`${name}\`: ${why}`);
}

/** A non-negative integer: "could not parse `x` as a positive integer". */
export function paramCount(params: QueryParams, name: string, code: ErrorCode): number | undefined {
  const text = params[name];
  if (text === undefined) return undefined;
  const value = /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value)) throw paramError(code, name, `could not parse \`${text}\` as a positive integer`);
  return value;
}

/** A signed integer, for Kachi parameters that accept one. */
export function paramNumber(params: QueryParams, name: string, code: ErrorCode): number | undefined {
  const text = params[name];
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw paramError(code, name, `could not parse \`${text}\` as a number`);
  return value;
}

/** `true` or `false`: "could not parse `x` as a boolean, expected either `true` or `false`". */
export function paramBoolean(params: QueryParams, name: string, code: ErrorCode): boolean | undefined {
  const text = params[name];
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw paramError(code, name, `could not parse \`${text}\` as a boolean, expected either \`true\` or \`false\``);
}

/** `a,b, c` → ['a', 'b', 'c']; an empty string → []. */
export function paramList(params: QueryParams, name: string): string[] | undefined {
  const text = params[name];
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
