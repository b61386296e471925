// Which context a request works on: the workspace its key (or tenant token) belongs to, the workspace the
// master key names in the `Kachi-Workspace` header, or else the root context.
import type { IncomingHttpHeaders } from 'node:http';
import type { ServerContext } from '../context.ts';

/** With the master key, `Kachi-Workspace: <id>` sends a Meilisearch route to that workspace. */
export const WORKSPACE_HEADER = 'kachi-workspace';

export function contextForRequest(root: ServerContext, headers: IncomingHttpHeaders): ServerContext {
  const registry = root.workspaces;
  const masterKey = root.options.masterKey;
  const header = headers.authorization;
  if (registry === undefined || masterKey === null || header === undefined || !header.startsWith('Bearer')) return root;
  const token = header.slice('Bearer'.length).trim();
  if (token === masterKey) {
    const id = headers[WORKSPACE_HEADER];
    return typeof id === 'string' ? registry.require(id).ctx : root;
  }
  return registry.contextForToken(token) ?? root;
}
