// What every request works on: the engine, the task queue, the key store and the options of one context.
//
// Convention: a route reads `request.ctx`, never a context captured when it was registered. The root
// context serves the master key and keys created without a workspace; a workspace key's requests carry
// that workspace's own context (its own data folder, engine, tasks and keys), set by the auth hook in
// app.ts before any handler runs. Using `request.ctx` is what keeps one workspace out of another.
import type { Engine } from '../engine-types.ts';
import type { RouteAction } from './auth/actions.ts';
import type { AuthContext } from './auth/authorize.ts';
import type { KeyStore } from './auth/key-store.ts';
import type { ServerOptions } from './options.ts';
import type { TaskQueue } from './tasks/task-queue.ts';

export interface ServerContext {
  readonly options: ServerOptions;
  readonly engine: Engine;
  readonly tasks: TaskQueue;
  readonly keys: KeyStore;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API key action a route needs; routes without one (`/health`) are public. */
    action?: RouteAction;
  }
  interface FastifyRequest {
    /** Set by the auth hook before the body is read. */
    auth: AuthContext;
    /** The context this request works on (the root one, or the caller's workspace); set by the auth hook. */
    ctx: ServerContext;
  }
}
