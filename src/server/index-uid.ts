// Index uids and index-uid patterns (`movies`, `movies*`, `*`), checked at the HTTP boundary.
import { KachiError, type ErrorCode } from '../errors.ts';

const UID = /^[A-Za-z0-9_-]{1,400}$/;

export function isValidIndexUid(uid: string): boolean {
  return UID.test(uid);
}

export function invalidIndexUidMessage(uid: string): string {
  return (
    `\`${uid}\` is not a valid index uid. Index uid can be an integer or a string containing only ` +
    'alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 400 bytes.'
  );
}

/** Throws `invalid_index_uid` (or `code`) unless `uid` is a valid index uid. */
export function checkIndexUid(uid: string, code: ErrorCode = 'invalid_index_uid'): string {
  if (!isValidIndexUid(uid)) throw new KachiError(code, invalidIndexUidMessage(uid));
  return uid;
}

/** `*`, an exact uid, or a prefix ending in `*` (`movies*`). */
export function isValidIndexPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  const body = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
  return isValidIndexUid(body);
}

export function patternMatches(pattern: string, uid: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return uid.startsWith(pattern.slice(0, -1));
  return pattern === uid;
}

export function anyPatternMatches(patterns: readonly string[], uid: string): boolean {
  return patterns.some((pattern) => patternMatches(pattern, uid));
}
