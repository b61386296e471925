// The HTTP server: fastify wired to the engine, the task queue, the key store and one routes file per resource.
import { existsSync, mkdirSync } from 'node:fs';
import Fastify, { type FastifyContextConfig, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Engine } from '../engine-types.ts';
import { isKachiError, KachiError } from '../errors.ts';
import { authorize, authorizeMasterKey, OPEN_ACCESS, type AuthContext } from './auth/authorize.ts';
import { contentEncodingHook } from './content-encoding.ts';
import { openContext, type ServerContext } from './context.ts';
import { importDump } from './dumps/dump-file.ts';
import { handleError, handleNotFound } from './http-errors.ts';
import { checkServerOptions, DEFAULT_SERVER_OPTIONS, parseHttpAddr, type ServerOptions } from './options.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
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
import { registerWorkspaceRoutes } from './routes/workspaces.ts';
import { noteSearch } from './search-activity.ts';
import { searchBegan, searchEnded } from '../search-priority.ts';
import { contextForRequest } from './workspaces/request-context.ts';
import { WorkspaceRegistry } from './workspaces/workspace-registry.ts';
import { runWorkspaceTask } from './workspaces/workspace-tasks.ts';

export type { ServerOptions } from './options.ts';
export { resolveServerOptions } from './options.ts';

export interface KachiServer {
  readonly app: FastifyInstance;
  readonly options: ServerOptions;
  readonly engine: Engine;
  /** Every route the server answers (method, url, config), collected as they were registered. */
  readonly routes: readonly RouteEntry[];
  /** Listens on `options.httpAddr` and starts the task worker; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops listening, lets the worker finish its current chunk, and closes the stores. */
  close(): Promise<void>;
}

export interface RouteEntry {
  method: string;
  url: string;
  config: FastifyContextConfig;
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

function buildApp(root: ServerContext): { app: FastifyInstance; routes: RouteEntry[] } {
  const { options } = root;
  const app = Fastify({
    logger: options.logRequests ? { level: 'info' } : false,
    bodyLimit: options.httpPayloadSizeLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
  // The route table, for tests that must cover every route (the workspace isolation test).
  const table: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url, config: (route.config ?? {}) as FastifyContextConfig });
  });
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.decorateRequest('ctx', null as unknown as ServerContext);
  // Every body is kept raw; each route reads it strictly (content type, UTF-8, format) in body.ts.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request, reply) => {
    if (allowCors(request, reply)) return reply;
    request.ctx = root;
    const { action, masterKeyOnly } = request.routeOptions.config;
    const header = request.headers.authorization;
    if (masterKeyOnly === true) request.auth = authorizeMasterKey(options.masterKey, header);
    else if (action === undefined) request.auth = OPEN_ACCESS;
    else {
      // A workspace key's request works on its workspace's context: its indexes, tasks and keys only.
      request.ctx = contextForRequest(root, request.headers);
      const indexUid = (request.params as { indexUid?: string } | undefined)?.indexUid;
      request.auth = authorize({ keys: request.ctx.keys, masterKey: options.masterKey, header, action, indexUid });
    }
  });
  app.addHook('preParsing', contentEncodingHook(options.httpPayloadSizeLimit));
  // A workspace's search rate and usage; its writes are admitted where they are enqueued (route-helpers.ts).
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.action !== 'search') return;
    noteSearch();
    // Until its response is sent (or its connection lost), the analysis thread gives way (search-priority.ts).
    searchBegan();
    reply.raw.once('close', searchEnded);
    request.ctx.workspace?.admitSearch(request.routeOptions.url === '/indexes/:indexUid/ask' ? 'ask' : 'search');
  });
  const sendError = handleError(options.httpPayloadSizeLimit, logInternal);
  app.setErrorHandler((error, request, reply) => {
    if (isKachiError(error) && error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    return sendError(error, request, reply);
  });
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
    registerAlertRoutes,
    registerWorkspaceRoutes,
    registerWebRoutes,
  ];
  for (const register of routes) register(app, root);
  return { app, routes: table };
}

/**
 * Opens the data folder and builds the server without listening yet.
 * `const server = await createServer({ dbPath: '/tmp/kachi', httpAddr: '127.0.0.1:0' }); await server.listen();`
 */
export async function createServer(partial: Partial<ServerOptions> = {}): Promise<KachiServer> {
  const options = checkServerOptions({ ...DEFAULT_SERVER_OPTIONS, ...partial });
  mkdirSync(options.dbPath, { recursive: true });
  let workspaces: WorkspaceRegistry | null = null;
  const base = openContext(options, {
    dbPath: options.dbPath,
    keySecret: options.masterKey,
    workspaceTask: async (task) => {
      if (workspaces === null) throw new KachiError('internal', 'Workspaces are not open.');
      return runWorkspaceTask(workspaces, options, task);
    },
  });
  try {
    workspaces = new WorkspaceRegistry(options);
    const registry = workspaces;
    const { engine, tasks } = base;
    if (options.importDump !== null) {
      if (!existsSync(options.importDump)) throw new Error(`The dump file \`${options.importDump}\` does not exist.`);
      if (engine.listIndexes().length === 0) await importDump(options.importDump, { engine, keys: base.keys, tasks: tasks.store });
      else console.error(`kachi: ${options.dbPath} already holds indexes; the dump ${options.importDump} was not imported.`);
    }
    const root: ServerContext = { ...base, workspaces: registry };
    const { app, routes } = buildApp(root);
    return {
      app,
      options,
      engine,
      routes,
      async listen() {
        const { host, port } = parseHttpAddr(options.httpAddr);
        await app.listen({ host, port });
        tasks.start();
        registry.startAll();
        const address = app.server.address();
        const actualPort = typeof address === 'object' && address !== null ? address.port : port;
        return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      },
      async close() {
        await app.close();
        await registry.closeAll();
        await base.close();
      },
    };
  } catch (error) {
    await workspaces?.closeAll();
    await base.close();
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
