// Small helpers shared by the routes files: path parameters, index lookups and the 202 answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KachiIndex } from '../engine-types.ts';
import { KachiError } from '../errors.ts';
import type { ServerContext } from './context.ts';
import { checkIndexUid } from './index-uid.ts';
import type { QueryParams } from './query-params.ts';
import { indexNotFound } from './tasks/execute-task.ts';
import type { NewTask } from './tasks/task-store.ts';
import { taskSummary } from './tasks/task-types.ts';

/** The `:indexUid` path parameter, checked. */
export function indexUidParam(request: FastifyRequest): string {
  const params = request.params as { indexUid?: string };
  return checkIndexUid(params.indexUid ?? '');
}

/** A path parameter by name (already URL-decoded by the router). */
export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string | undefined>)[name] ?? '';
}

/** The index, or 404 `index_not_found`. */
export function requireIndex(ctx: ServerContext, uid: string): KachiIndex {
  if (!ctx.engine.hasIndex(uid)) throw indexNotFound(uid);
  return ctx.engine.getIndex(uid);
}

/** Stores the task, then answers 202 with its summary. */
export function enqueue(ctx: ServerContext, reply: FastifyReply, task: NewTask): FastifyReply {
  // A workspace's quotas and ingest rate: refused here (429/413), the task is never stored, nothing is applied.
  ctx.workspace?.admitTask(task);
  const row = ctx.tasks.enqueue(task);
  return reply.code(202).send(taskSummary(row));
}

/** The optional `customMetadata` query parameter every write accepts (Meilisearch ≥ 1.18). */
export function customMetadata(params: QueryParams): string | null {
  return params.customMetadata ?? null;
}

/** An index that does not exist may only be created implicitly by a key allowed to create indexes. */
export function checkImplicitCreation(ctx: ServerContext, request: FastifyRequest, uid: string): void {
  if (!ctx.engine.hasIndex(uid) && !request.auth.canCreateIndex) throw indexNotFound(uid);
}

export function notFound(code: 'document_not_found' | 'task_not_found' | 'api_key_not_found', what: string): KachiError {
  return new KachiError(code, what);
}
