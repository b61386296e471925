// Workspace ids: lowercase letters, digits, `-` and `_`, 1 to 64 characters, starting with a letter or digit.
// They name a folder, so nothing else is allowed (no dots, no slashes).
import { KachiError } from '../../errors.ts';

const WORKSPACE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isWorkspaceId(value: unknown): value is string {
  return typeof value === 'string' && WORKSPACE_ID.test(value);
}

export function checkWorkspaceId(value: unknown, path = '.id'): string {
  if (isWorkspaceId(value)) return value;
  throw new KachiError(
    'invalid_workspace_id',
    `Invalid value at \`${path}\`: \`${String(value)}\` is not a valid workspace id. A workspace id has 1 to 64 lowercase letters, digits, hyphens (-) and underscores (_), and starts with a letter or a digit.`,
  );
}
