// The HTTP server: fastify wired to the engine, the task queue, the key store and one routes file per resource.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { openEngine } from '../engine.ts';
import type { Engine } from '../engine-types.ts';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.ts';
import { authorize, OPEN_ACCESS, type AuthContext } from './auth/authorize.ts';
import { KeyStore } from './auth/key-store.ts';
import { contentEncodingHook } from './content-encoding.ts';
import type { ServerContext } from './context.ts';
import { importDump, writeDump } from './dumps/dump-file.ts';
import { handleError, handleNotFound } from './http-errors.ts';
import { checkServerOptions, DEFAULT_SERVER_OPTIONS, parseHttpAddr, type ServerOptions } from './options.ts';
import { registerAskRoutes } from './routes/ask.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerDumpRoutes } from './routes/dumps.ts';
import { registerIndexRoutes } from './routes/indexes.ts';
import { registerIngestRoutes } from './routes/ingest.ts';
import { registerKeyRoutes } from './routes/keys.ts';
import { registerMultiSearchRoutes } from './routes/multi-search.ts';
import { registerSearchRoutes } from './routes/search.ts';
import { registerSettingsRoutes } from './routes/settings.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerWebRoutes } from './routes/web.ts';
import { TaskQueue } from './tasks/task-queue.ts';
import { TaskStore } from './tasks/task-store.ts';

export type { ServerOptions } from './options.ts';
export { resolveServerOptions } from './options.ts';

export interface KachiServer {
  readonly app: FastifyInstance;
  readonly options: ServerOptions;
  readonly engine: Engine;
  /** Listens on `options.httpAddr` and starts the task worker; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops listening, lets the worker finish its current chunk, and closes the stores. */
  close(): Promise<void>;
}

function logInternal(error: unknown, request: FastifyRequest): void {
  console.error(`kachi: internal error on ${request.method} ${request.url}:`, error);
}

/** CORS like Meilisearch: any origin, and preflight requests answered before auth. */
function allowCors(request: FastifyRequest, reply: FastifyReply): boolean {
  reply.header('access-control-allow-origin', request.headers.origin ?? '*');
  reply.header('vary', 'Origin');
  if (request.method !== 'OPTIONS') return false;
  reply
    .code(204)
    .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
    .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '*')
    .header('access-control-max-age', '86400')
    .send();
  return true;
}

function buildApp(ctx: ServerContext): FastifyInstance {
  const { options } = ctx;
  const app = Fastify({
    logger: options.logRequests ? { level: 'info' } : false,
    bodyLimit: options.httpPayloadSizeLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.decorateRequest('ctx', null as unknown as ServerContext);
  // Every body is kept raw; each route reads it strictly (content type, UTF-8, format) in body.ts.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request, reply) => {
    if (allowCors(request, reply)) return reply;
    request.ctx = ctx;
    const action = request.routeOptions.config.action;
    const indexUid = (request.params as { indexUid?: string } | undefined)?.indexUid;
    request.auth =
      action === undefined
        ? OPEN_ACCESS
        : authorize({ keys: ctx.keys, masterKey: options.masterKey, header: request.headers.authorization, action, indexUid });
  });
  app.addHook('preParsing', contentEncodingHook(options.httpPayloadSizeLimit));
  app.setErrorHandler(handleError(options.httpPayloadSizeLimit, logInternal));
  app.setNotFoundHandler(handleNotFound);
  // Routes receive the root context for what is truly server-wide; everything else comes from `request.ctx`.
  const routes: Array<(app: FastifyInstance, root: ServerContext) => void> = [
    registerSystemRoutes,
    registerIndexRoutes,
    registerDocumentRoutes,
    registerSearchRoutes,
    registerAskRoutes,
    registerMultiSearchRoutes,
    registerSettingsRoutes,
    registerTaskRoutes,
    registerKeyRoutes,
    registerDumpRoutes,
    registerIngestRoutes,
    registerWebRoutes,
  ];
  for (const register of routes) register(app, ctx);
  return app;
}

/**
 * Opens the data folder and builds the server without listening yet.
 * `const server = await createServer({ dbPath: '/tmp/kachi', httpAddr: '127.0.0.1:0' }); await server.listen();`
 */
export async function createServer(partial: Partial<ServerOptions> = {}): Promise<KachiServer> {
  const options = checkServerOptions({ ...DEFAULT_SERVER_OPTIONS, ...partial });
  mkdirSync(options.dbPath, { recursive: true });
  const engine = openEngine({ dbPath: options.dbPath });
  let db: SqliteDatabase | null = null;
  try {
    db = openSqlite(join(options.dbPath, 'server.db'));
    const keys = new KeyStore(db, options.masterKey);
    const store = new TaskStore(db);
    const tasks = new TaskQueue({
      store,
      engine,
      maxBatchBytes: Math.max(1_000_000, Math.floor(options.maxIndexingMemory / 4)),
      createDump: async (dumpUid) => void (await writeDump(options.dbPath, dumpUid, { engine, keys, tasks: store })),
      onError: (error) => console.error('kachi: task worker error:', error),
    });
    if (options.importDump !== null) {
      if (!existsSync(options.importDump)) throw new Error(`The dump file \`${options.importDump}\` does not exist.`);
      if (engine.listIndexes().length === 0) await importDump(options.importDump, { engine, keys, tasks: store });
      else console.error(`kachi: ${options.dbPath} already holds indexes; the dump ${options.importDump} was not imported.`);
    }
    const ctx: ServerContext = { options, engine, tasks, keys };
    const app = buildApp(ctx);
    const sqlite = db;
    return {
      app,
      options,
      engine,
      async listen() {
        const { host, port } = parseHttpAddr(options.httpAddr);
        await app.listen({ host, port });
        tasks.start();
        const address = app.server.address();
        const actualPort = typeof address === 'object' && address !== null ? address.port : port;
        return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      },
      async close() {
        await app.close();
        await tasks.stop();
        engine.close();
        sqlite.close();
      },
    };
  } catch (error) {
    db?.close();
    engine.close();
    throw error;
  }
}

/** What `kachi serve` calls: create, listen, and say where. */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<KachiServer> {
  const server = await createServer(options);
  const url = await server.listen();
  const auth = server.options.masterKey === null ? 'no master key: every route but /keys is open' : 'master key set';
  console.error(`kachi: listening on ${url} (data in ${server.options.dbPath}; ${server.options.env}; ${auth})`);
  return server;
}
