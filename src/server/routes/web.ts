// The web UI: the built assets of web/dist at `/`, and the sample guide at /web/demo.json for its one-click demo.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DEMO_BUNDLE } from '../../demo/kachi-guide.ts';

/** web/dist, committed to the repository so that `npm start` needs no build step. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Serves the UI without shadowing the API: `wildcard: false` registers one route per built file (found at start),
 * so every other path still reaches the API routes and their Meilisearch-style 404. Hashed assets are cached
 * for a year; index.html is revalidated, so a new build shows at the next reload.
 */
export function registerWebRoutes(app: FastifyInstance): void {
  app.get('/web/demo.json', async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(DEMO_BUNDLE),
  );
  if (!existsSync(WEB_DIST)) {
    console.error(
      `kachi: no web UI at ${WEB_DIST}; run \`npm run build:web\` to build it. The API works without it.`,
    );
    return;
  }
  void app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders(reply, path) {
      const immutable = /[\\/]assets[\\/]/.test(path);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
