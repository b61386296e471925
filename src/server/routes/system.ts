// /health, /version, /stats and /indexes/:uid/stats.
import type { FastifyInstance } from 'fastify';
import { isIndexAllowed } from '../auth/authorize.ts';
import type { ServerContext } from '../context.ts';
import { indexUidParam, requireIndex } from '../route-helpers.ts';
import { folderSize } from '../workspaces/folder-size.ts';

/** The Meilisearch API version Kachi answers like; Kachi's own version is added beside it. */
export const MEILISEARCH_API_VERSION = '1.12.0';
export const KACHI_VERSION = '0.1.0';

function indexStats(ctx: ServerContext, uid: string): Record<string, unknown> {
  const stats = requireIndex(ctx, uid).stats();
  return { ...stats, isIndexing: stats.isIndexing || ctx.tasks.isIndexing(uid) };
}

export function registerSystemRoutes(app: FastifyInstance): void {
  app.get('/health', async () => ({ status: 'available' }));

  app.get('/version', { config: { action: 'version' } }, async () => ({
    commitSha: 'unknown',
    commitDate: 'unknown',
    pkgVersion: MEILISEARCH_API_VERSION,
    kachiVersion: KACHI_VERSION,
  }));

  app.get('/stats', { config: { action: 'stats.get' } }, async (request) => {
    const indexes: Record<string, unknown> = {};
    for (const info of request.ctx.engine.listIndexes())
      if (isIndexAllowed(request.auth, info.uid)) indexes[info.uid] = indexStats(request.ctx, info.uid);
    const size = folderSize(request.ctx.options.dbPath);
    const last = request.ctx.tasks.store.list({ statuses: ['succeeded'] }, { limit: 1 }).rows[0];
    return {
      databaseSize: size,
      usedDatabaseSize: size,
      lastUpdate: last?.finishedAt == null ? null : new Date(last.finishedAt).toISOString(),
      indexes,
    };
  });

  app.get('/indexes/:indexUid/stats', { config: { action: 'stats.get' } }, async (request) =>
    indexStats(request.ctx, indexUidParam(request)),
  );
}
