// Who may do what: the master key, API keys (actions × index patterns × expiry) and tenant tokens.
import { KachiError } from '../../errors.ts';
import { anyPatternMatches } from '../index-uid.ts';
import { actionGrants, type RouteAction } from './actions.ts';
import type { KeyStore } from './key-store.ts';
import { peekTenantToken, ruleIndexes, verifyTenantToken, type SearchRules } from './tenant-token.ts';

/** What an authenticated request may reach. */
export interface AuthContext {
  /** Index patterns the API key allows (`['*']` for the master key or an open server). */
  indexes: string[];
  /** Tenant token rules, when the request used one. */
  searchRules: SearchRules | null;
  /** Whether the caller may create an index implicitly (document additions, settings). */
  canCreateIndex: boolean;
}

export const OPEN_ACCESS: AuthContext = { indexes: ['*'], searchRules: null, canCreateIndex: true };

const INVALID = 'The provided API key is invalid.';

/** Rust's `{:?}` of a list of strings, as Meilisearch prints allowed indexes: `["a", "b"]`. */
function debugList(items: readonly string[]): string {
  return `[${[...items].sort().map((item) => JSON.stringify(item)).join(', ')}]`;
}

/** True when the key and the tenant token (if any) both allow `indexUid`. */
export function isIndexAllowed(auth: AuthContext, indexUid: string): boolean {
  if (!anyPatternMatches(auth.indexes, indexUid)) return false;
  return auth.searchRules === null || anyPatternMatches(ruleIndexes(auth.searchRules), indexUid);
}

export interface AuthorizeOptions {
  keys: KeyStore;
  masterKey: string | null;
  /** The raw `Authorization` header. */
  header: string | undefined;
  action: RouteAction;
  /** The `:indexUid` of the route, if it has one. */
  indexUid?: string;
  now?: number;
}

/** Routes of the platform itself (`/workspaces`): the master key and nothing else, or 401/403. */
export function authorizeMasterKey(masterKey: string | null, header: string | undefined): AuthContext {
  if (masterKey === null)
    throw new KachiError('missing_master_key', 'Kachi is running without a master key. Workspaces need one: start it with `--master-key`.');
  if (header === undefined || !header.startsWith('Bearer'))
    throw new KachiError(
      'missing_authorization_header',
      'The Authorization header is missing. It must use the bearer authorization method.',
    );
  if (header.slice('Bearer'.length).trim() !== masterKey)
    throw new KachiError('invalid_api_key', 'Only the master key may manage workspaces.');
  return OPEN_ACCESS;
}

/** Decides one request exactly as Meilisearch does, or throws 401/403. */
export function authorize(options: AuthorizeOptions): AuthContext {
  const { keys, masterKey, header, action, indexUid } = options;
  const keysAction = action.startsWith('keys.');
  if (masterKey === null) {
    if (!keysAction) return OPEN_ACCESS;
    throw new KachiError(
      'missing_master_key',
      'Meilisearch is running without a master key. To access this API endpoint, you must have set a master key at launch.',
    );
  }
  if (header === undefined || !header.startsWith('Bearer'))
    throw new KachiError(
      'missing_authorization_header',
      'The Authorization header is missing. It must use the bearer authorization method.',
    );
  const token = header.slice('Bearer'.length).trim();
  if (token === '') throw new KachiError('invalid_api_key', INVALID);
  if (token === masterKey) return OPEN_ACCESS;

  const now = options.now ?? Date.now();
  let searchRules: SearchRules | null = null;
  let key = action === 'search' ? undefined : keys.getByValue(token);
  if (action === 'search') {
    const claims = peekTenantToken(token);
    if (claims === undefined) key = keys.getByValue(token);
    else {
      key = keys.getByUid(claims.apiKeyUid);
      if (key === undefined) throw new KachiError('invalid_api_key', INVALID);
      searchRules = verifyTenantToken(token, keys.keyValue(key.uid), now).searchRules;
    }
  }
  if (key === undefined) throw new KachiError('invalid_api_key', INVALID);
  if (key.expiresAt !== null && key.expiresAt <= now) throw new KachiError('invalid_api_key', INVALID);

  const auth: AuthContext = {
    indexes: key.indexes,
    searchRules,
    canCreateIndex: actionGrants(key.actions, 'indexes.create'),
  };
  if (indexUid !== undefined) {
    if (searchRules !== null && !anyPatternMatches(ruleIndexes(searchRules), indexUid))
      throw new KachiError(
        'invalid_api_key',
        `The provided tenant token cannot acces the index \`${indexUid}\`, allowed indexes are ${debugList(ruleIndexes(searchRules))}.`,
      );
    if (!anyPatternMatches(key.indexes, indexUid))
      throw new KachiError(
        'invalid_api_key',
        searchRules !== null
          ? `The API key used to generate this tenant token cannot acces the index \`${indexUid}\`.`
          : `The API key cannot acces the index \`${indexUid}\`, authorized indexes are ${debugList(key.indexes)}.`,
      );
  }
  if (!actionGrants(key.actions, action)) throw new KachiError('invalid_api_key', INVALID);
  return auth;
}
