// Runs one non-document task against the engine and returns its final details.
import type { Engine, KachiIndex } from '../../engine-types.ts';
import { KachiError } from '../../errors.ts';
import { runIngestionTask } from '../../ingest/ingest-uploads.ts';
import type { Filter, Settings } from '../../search-types.ts';
import type { TaskDetails, TaskRow } from './task-types.ts';

export interface ExecuteContext {
  engine: Engine;
  /** Writes `<dbPath>/dumps/<dumpUid>.dump`. */
  createDump(dumpUid: string): Promise<void>;
  /** Task payloads (documentIngestion reads its uploaded files there). */
  store?: { payload(uid: number): Buffer | undefined };
  /** Runs workspaceExport and workspaceImport (the root context of a server with workspaces). */
  workspaceTask?: (task: TaskRow) => Promise<TaskDetails | null>;
}

export function indexNotFound(uid: string): KachiError {
  return new KachiError('index_not_found', `Index \`${uid}\` not found.`);
}

function indexOf(engine: Engine, uid: string | null): KachiIndex {
  if (uid === null || !engine.hasIndex(uid)) throw indexNotFound(uid ?? '');
  return engine.getIndex(uid);
}

/**
 * Runs `task`. `recovered` is true when the task was interrupted by a crash and runs again: creating an
 * index that now exists, or deleting one that is gone, then counts as done (the first run did it).
 */
export async function executeTask(task: TaskRow, ctx: ExecuteContext, recovered: boolean): Promise<TaskDetails | null> {
  const { engine } = ctx;
  const { params } = task;
  const uid = task.indexUid ?? '';
  switch (task.type) {
    case 'indexCreation': {
      if (recovered && engine.hasIndex(uid)) return task.details;
      engine.createIndex(uid, { primaryKey: params.primaryKey ?? null });
      return task.details;
    }
    case 'indexUpdate': {
      const index = indexOf(engine, task.indexUid);
      if (typeof params.primaryKey === 'string' && index.info().primaryKey !== params.primaryKey)
        index.setPrimaryKey(params.primaryKey);
      return task.details;
    }
    case 'indexDeletion': {
      if (recovered && !engine.hasIndex(uid)) return { deletedDocuments: 0 };
      const deletedDocuments = indexOf(engine, task.indexUid).stats().numberOfDocuments;
      engine.deleteIndex(uid);
      return { deletedDocuments };
    }
    case 'indexSwap': {
      for (const [a, b] of params.swaps ?? []) {
        if (!engine.hasIndex(a)) throw indexNotFound(a);
        if (!engine.hasIndex(b)) throw indexNotFound(b);
      }
      engine.swapIndexes(params.swaps ?? []);
      return task.details;
    }
    case 'documentDeletion':
      return deleteDocuments(indexOf(engine, task.indexUid), task);
    case 'settingsUpdate': {
      if (!engine.hasIndex(uid)) engine.createIndex(uid);
      applySettings(engine.getIndex(uid), params.settings ?? {}, params.resetAll === true);
      return task.details;
    }
    case 'dumpCreation': {
      await ctx.createDump(params.dumpUid ?? 'dump');
      return { dumpUid: params.dumpUid ?? null };
    }
    case 'documentIngestion': {
      if (!engine.hasIndex(uid)) engine.createIndex(uid, { primaryKey: 'id' });
      const payload = ctx.store?.payload(task.uid);
      if (payload === undefined) throw new KachiError('internal', 'The uploaded files of this task are missing.');
      return runIngestionTask(engine.getIndex(uid), payload, task.details);
    }
    case 'workspaceExport':
    case 'workspaceImport':
      if (ctx.workspaceTask === undefined) throw new KachiError('internal', `The task type \`${task.type}\` needs workspaces.`);
      return ctx.workspaceTask(task);
    default:
      throw new KachiError('internal', `The task type \`${task.type}\` cannot run here.`);
  }
}

function deleteDocuments(index: KachiIndex, task: TaskRow): TaskDetails {
  const { params } = task;
  if (params.deleteAll === true) return { ...task.details, deletedDocuments: index.clear().deletedDocuments };
  if (params.ids !== undefined) {
    const { deletedDocuments } = index.deleteDocuments(params.ids);
    return { ...task.details, deletedDocuments };
  }
  try {
    const { deletedDocuments } = index.deleteByFilter(params.filter as Filter);
    return { ...task.details, deletedDocuments };
  } catch (error) {
    // The engine words filter errors for searches; here Meilisearch says `invalid_document_filter`.
    if (error instanceof KachiError && error.code === 'invalid_search_filter')
      throw new KachiError('invalid_document_filter', error.message, { cause: error });
    throw error;
  }
}

/** A PATCH body: a `null` field resets that setting, others are updated. */
function applySettings(index: KachiIndex, settings: { [key: string]: unknown }, resetAll: boolean): void {
  if (resetAll) {
    index.resetSettings();
    return;
  }
  const reset: Array<keyof Settings> = [];
  const update: { [key: string]: unknown } = {};
  for (const [name, value] of Object.entries(settings)) {
    if (value === null) reset.push(name as keyof Settings);
    else update[name] = value;
  }
  if (reset.length > 0) index.resetSettings(reset);
  if (Object.keys(update).length > 0) index.updateSettings(update as Settings);
}
