// Tenant tokens: JWTs signed (HS256/384/512) with an API key, carrying `searchRules` and `apiKeyUid`.
//
// Why no JWT library: Meilisearch's tenant tokens only ever use HMAC algorithms, and verifying one is a
// base64url split, one HMAC (node:crypto) and a constant-time compare — about forty lines. A library would
// bring a dependency, and algorithm options (`none`, RSA with confusable keys) we must refuse anyway.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { KachiError } from '../../errors.ts';
import type { Filter } from '../../search-types.ts';

/** `['movies*']` or `{ movies: { filter: 'genre = Drama' }, '*': null }`. */
export type SearchRules = string[] | Record<string, { filter?: Filter | null } | null>;

export interface TenantClaims {
  apiKeyUid: string;
  searchRules: SearchRules;
  exp?: number;
}

const HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

function base64urlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The claims of a JWT-shaped token, unverified; undefined when `token` is not a JWT (an API key). */
export function peekTenantToken(token: string): TenantClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = base64urlJson(parts[0] ?? '') as { alg?: unknown } | undefined;
  const claims = base64urlJson(parts[1] ?? '') as Partial<TenantClaims> | undefined;
  if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null) return undefined;
  if (typeof header.alg !== 'string' || HASHES[header.alg] === undefined)
    throw new KachiError('invalid_api_key', 'Could not decode tenant token, InvalidAlgorithm.');
  if (typeof claims.apiKeyUid !== 'string')
    throw new KachiError('invalid_api_key', 'Could not decode tenant token, missing field `apiKeyUid`.');
  if (!isSearchRules(claims.searchRules))
    throw new KachiError('invalid_api_key', 'Could not decode tenant token, invalid field `searchRules`.');
  if (claims.exp !== undefined && claims.exp !== null && typeof claims.exp !== 'number')
    throw new KachiError('invalid_api_key', 'Could not decode tenant token, invalid field `exp`.');
  return claims as TenantClaims;
}

function isSearchRules(value: unknown): value is SearchRules {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((rule) => rule === null || (typeof rule === 'object' && !Array.isArray(rule)));
}

/** Verifies the signature with `keyValue` and the expiry; throws 403 `invalid_api_key` otherwise. */
export function verifyTenantToken(token: string, keyValue: string, now = Date.now()): TenantClaims {
  const claims = peekTenantToken(token);
  if (claims === undefined) throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = token.split('.');
  const header = base64urlJson(headerPart) as { alg: string };
  const expected = createHmac(HASHES[header.alg] ?? 'sha256', keyValue)
    .update(`${headerPart}.${payloadPart}`)
    .digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
  const nowSeconds = Math.floor(now / 1000);
  if (typeof claims.exp === 'number' && nowSeconds > claims.exp)
    throw new KachiError(
      'invalid_api_key',
      `Tenant token expired. Was valid up to \`${claims.exp}\` and we're now \`${nowSeconds}\`.`,
    );
  return claims;
}

/** Index patterns a token's rules allow. */
export function ruleIndexes(rules: SearchRules): string[] {
  return Array.isArray(rules) ? rules : Object.keys(rules);
}
