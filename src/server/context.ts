// What every routes file receives: the engine, the task queue, the key store and the options.
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
  }
}
