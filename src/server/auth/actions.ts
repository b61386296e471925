// API key actions, as Meilisearch names them, and how wildcards (`*`, `documents.*`, `*.get`) expand.

/** Every action a key may list, in Meilisearch's order. */
export const ACTIONS = [
  '*',
  '*.get',
  'search',
  'documents.*',
  'documents.add',
  'documents.get',
  'documents.delete',
  'indexes.*',
  'indexes.create',
  'indexes.get',
  'indexes.update',
  'indexes.delete',
  'indexes.swap',
  'tasks.*',
  'tasks.cancel',
  'tasks.delete',
  'tasks.get',
  'settings.*',
  'settings.get',
  'settings.update',
  'stats.*',
  'stats.get',
  'metrics.*',
  'metrics.get',
  'dumps.*',
  'dumps.create',
  'snapshots.*',
  'snapshots.create',
  'version',
  'keys.create',
  'keys.get',
  'keys.update',
  'keys.delete',
  'experimental.get',
  'experimental.update',
  'network.get',
  'network.update',
  // Kachi: alerts (saved searches that notify)
  'alerts.*',
  'alerts.create',
  'alerts.get',
  'alerts.update',
  'alerts.delete',
] as const;

export type Action = (typeof ACTIONS)[number];

/** Actions a route can require (never a wildcard). */
export type RouteAction = Exclude<Action, '*' | '*.get' | `${string}.*`>;

const READ_ACTIONS = new Set<string>([
  'search',
  'documents.get',
  'indexes.get',
  'tasks.get',
  'settings.get',
  'stats.get',
  'metrics.get',
  'version',
  'keys.get',
  'experimental.get',
  'network.get',
  'alerts.get',
]);

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** True when a key listing `granted` may perform `needed`: `documents.*` grants `documents.add`. */
export function actionGrants(granted: readonly string[], needed: RouteAction): boolean {
  for (const action of granted) {
    if (action === needed || action === '*') return true;
    if (action === '*.get' && READ_ACTIONS.has(needed)) return true;
    if (action.endsWith('.*') && needed.startsWith(action.slice(0, -1))) return true;
  }
  return false;
}
