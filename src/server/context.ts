// What every request works on: the engine, the task queue, the key store and the options of one context.
//
// Convention: a route reads `request.ctx`, never a context captured when it was registered. The root
// context serves the master key and keys created without a workspace; a workspace key's requests carry
// that workspace's own context (its own data folder, engine, tasks and keys), set by the auth hook in
// app.ts before any handler runs. Using `request.ctx` is what keeps one workspace out of another.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AlertService } from '../alerts/alert-service.ts';
import { openEngine } from '../engine.ts';
import type { Engine } from '../engine-types.ts';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.ts';
import type { RouteAction } from './auth/actions.ts';
import type { AuthContext } from './auth/authorize.ts';
import { KeyStore } from './auth/key-store.ts';
import { writeDump } from './dumps/dump-file.ts';
import type { ServerOptions } from './options.ts';
import type { ExecuteContext } from './tasks/execute-task.ts';
import { TaskQueue, type TaskQueueOptions } from './tasks/task-queue.ts';
import { TaskStore } from './tasks/task-store.ts';
import type { WorkspaceRegistry } from './workspaces/workspace-registry.ts';
import type { WorkspaceRuntime } from './workspaces/workspace-runtime.ts';

export interface ServerContext {
  /** The server's options; `dbPath` is this context's own data folder. */
  readonly options: ServerOptions;
  readonly engine: Engine;
  readonly tasks: TaskQueue;
  readonly keys: KeyStore;
  /** Saved searches that notify (alerts), kept in this context's `server.db`. */
  readonly alerts: AlertService;
  /** This context's `server.db` (tasks, keys; for a workspace also its metadata and usage). */
  readonly db: SqliteDatabase;
  /** Only in a workspace's context: its limits, rates and usage meter. */
  readonly workspace?: WorkspaceRuntime;
  /** Only in the root context: the platform's workspaces. */
  readonly workspaces?: WorkspaceRegistry;
}

export interface OpenContextOptions {
  /** The data folder of this context: the server's `--db-path`, or `<db-path>/workspaces/<id>`. */
  dbPath: string;
  /** What key values derive from: the master key for the root context, the workspace secret for a workspace. */
  keySecret: string | null;
  /** Runs workspace exports and imports (the root context only). */
  workspaceTask?: ExecuteContext['workspaceTask'];
  /** Turns shared by the task workers of all workspaces (one task at a time across them). */
  turns?: TaskQueueOptions['turns'];
}

/** A context and how to release it: stop its task worker, then close its engine and database. */
export interface OwnedContext extends ServerContext {
  close(): Promise<void>;
}

/**
 * Opens the engine, `server.db`, the key store and the task queue of one data folder. The task worker
 * is not started; call `ctx.tasks.start()`.
 * `const ctx = openContext(options, { dbPath: options.dbPath, keySecret: options.masterKey })`
 */
export function openContext(server: ServerOptions, open: OpenContextOptions): OwnedContext {
  const options: ServerOptions = { ...server, dbPath: open.dbPath };
  mkdirSync(options.dbPath, { recursive: true });
  const engine = openEngine({ dbPath: options.dbPath, backgroundMerges: true });
  let db: SqliteDatabase | null = null;
  try {
    db = openSqlite(join(options.dbPath, 'server.db'));
    const keys = new KeyStore(db, open.keySecret);
    const store = new TaskStore(db);
    const alerts = openAlerts(options, db, engine, keys);
    const tasks = new TaskQueue({
      hooks: alerts,
      store,
      engine,
      maxBatchBytes: Math.max(1_000_000, Math.floor(options.maxIndexingMemory / 4)),
      createDump: async (dumpUid) => void (await writeDump(options.dbPath, dumpUid, { engine, keys, tasks: store })),
      workspaceTask: open.workspaceTask,
      turns: open.turns,
      onError: (error) => console.error('kachi: task worker error:', error),
    });
    const sqlite = db;
    return {
      options,
      engine,
      tasks,
      keys,
      alerts,
      db: sqlite,
      async close() {
        await tasks.stop();
        await alerts.stop();
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

/** The alerts of one data folder; their delivery worker starts at once. An alert stops firing when its key goes. */
function openAlerts(options: ServerOptions, db: SqliteDatabase, engine: Engine, keys: KeyStore): AlertService {
  const alerts = new AlertService({
    db,
    engine,
    ownerActive: (owner) => {
      if (owner.keyUid === null) return true;
      const key = keys.getByUid(owner.keyUid);
      return key !== undefined && (key.expiresAt === null || key.expiresAt > Date.now());
    },
    smtpUrl: options.smtpUrl,
    smtpFrom: options.smtpFrom,
    allowPrivateWebhooks: options.alertsAllowPrivateWebhooks,
    maxAttempts: options.alertsMaxAttempts,
    retryDelayMs: options.alertsRetryDelay,
    sseBufferBytes: options.alertsSseBuffer,
  });
  alerts.start();
  return alerts;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API key action a route needs; routes without one (`/health`) are public. */
    action?: RouteAction;
    /** Only the master key may call this route (the platform's `/workspaces`). */
    masterKeyOnly?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth hook before the body is read. */
    auth: AuthContext;
    /** The context this request works on (the root one, or the caller's workspace); set by the auth hook. */
    ctx: ServerContext;
  }
}
