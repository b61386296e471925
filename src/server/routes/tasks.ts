// /tasks: list with filters and pagination, get one, cancel and delete (both tasks themselves).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KachiError } from '../../errors.ts';
import { paramBoolean, paramCount, queryParams } from '../query-params.ts';
import { enqueue, pathParam } from '../route-helpers.ts';
import { originalFilter, parseTaskFilter, requireSomeFilter, type TaskFilter } from '../tasks/task-filters.ts';
import { taskView } from '../tasks/task-types.ts';

/** A key limited to some indexes only sees (and cancels, and deletes) their tasks. */
function restrict(filter: TaskFilter, request: FastifyRequest): TaskFilter {
  return request.auth.indexes.includes('*') ? filter : { ...filter, allowedIndexes: request.auth.indexes };
}

export function registerTaskRoutes(app: FastifyInstance): void {
  app.get('/tasks', { config: { action: 'tasks.get' } }, async (request) => {
    const params = queryParams(request);
    const filter = restrict(parseTaskFilter(params, ['limit', 'from', 'reverse']), request);
    const limit = paramCount(params, 'limit', 'invalid_task_limit') ?? 20;
    const from = paramCount(params, 'from', 'invalid_task_from');
    const reverse = paramBoolean(params, 'reverse', 'invalid_task_reverse') ?? false;
    const page = request.ctx.tasks.store.list(filter, { limit, from, reverse });
    return { results: page.rows.map(taskView), total: page.total, limit, from: page.rows[0]?.uid ?? null, next: page.next };
  });

  app.get('/tasks/:taskUid', { config: { action: 'tasks.get' } }, async (request) => {
    const text = pathParam(request, 'taskUid');
    if (!/^\d{1,15}$/.test(text))
      throw new KachiError('invalid_task_uids', `Invalid value in parameter \`taskUid\`: could not parse \`${text}\` as a positive integer`);
    const uid = Number(text);
    const [row] = request.ctx.tasks.store.list(restrict({ uids: [uid] }, request), { limit: 1 }).rows;
    if (row === undefined) throw new KachiError('task_not_found', `Task \`${uid}\` not found.`);
    return taskView(row);
  });

  const bulk = (type: 'taskCancelation' | 'taskDeletion') => async (request: FastifyRequest, reply: Parameters<typeof enqueue>[1]) => {
    const params = queryParams(request);
    requireSomeFilter(params, type === 'taskCancelation' ? 'cancel' : 'delete');
    const filter = restrict(parseTaskFilter(params, []), request);
    const taskUids = request.ctx.tasks.store.matchingUids(type === 'taskCancelation' ? { ...filter, statuses: filter.statuses ?? ['enqueued', 'processing'] } : filter);
    const counter = type === 'taskCancelation' ? 'canceledTasks' : 'deletedTasks';
    return enqueue(request.ctx, reply, {
      type,
      indexUid: null,
      details: { matchedTasks: taskUids.length, [counter]: null, originalFilter: originalFilter(params) },
      params: { taskUids },
    });
  };

  app.post('/tasks/cancel', { config: { action: 'tasks.cancel' } }, bulk('taskCancelation'));
  app.delete('/tasks', { config: { action: 'tasks.delete' } }, bulk('taskDeletion'));
}
