// The task worker: one loop, off the request path, running stored tasks in uid order and batching document additions.
import { toErrorBody, type KachiError } from '../../errors.ts';
import type { Engine, PreparedDocuments } from '../../engine-types.ts';
import type { Document } from '../../search-types.ts';
import { executeTask, type ExecuteContext } from './execute-task.ts';
import { asKachiError, indexDocumentBatch } from './index-documents.ts';
import type { NewTask, TaskStore } from './task-store.ts';
import type { TaskDetails, TaskRow } from './task-types.ts';

/** Listeners on task outcomes (the alerts). A hook that throws is reported through `onError`; the task goes on. */
export interface TaskHooks {
  /** After a chunk of a document batch was written: each task's documents in that chunk, and the analysis done ahead. */
  documentsWritten?(
    indexUid: string,
    writes: ReadonlyArray<{ taskUid: number; documents: readonly Document[] }>,
    prepared: PreparedDocuments | null,
  ): void;
  /** Inside the transaction that records a task's outcome, so what it writes commits with it. */
  finishing?(task: TaskRow, status: 'succeeded' | 'failed' | 'canceled'): void;
  /** After that transaction committed. */
  finished?(task: TaskRow): void;
}

export interface TaskQueueOptions {
  store: TaskStore;
  engine: Engine;
  createDump: ExecuteContext['createDump'];
  /** Runs workspace exports and imports (the root queue of a server with workspaces). */
  workspaceTask?: ExecuteContext['workspaceTask'];
  /** Shared by the workers of many workspaces: each task waits for its turn (see workspaces/indexing-turns.ts). */
  turns?: { run<T>(work: () => Promise<T>): Promise<T> };
  /** Most payload bytes one document batch may gather. */
  maxBatchBytes: number;
  /** Most tasks in one document batch. Default 1000. */
  maxBatchTasks?: number;
  /** Called with unexpected failures of the loop itself. */
  onError?: (error: unknown) => void;
  hooks?: TaskHooks;
}

const PRIORITY_TYPES = new Set(['taskCancelation', 'taskDeletion']);

/** Details of a task that failed: counts that never happened are zero, as in Meilisearch. */
function failedDetails(task: TaskRow): TaskDetails | null {
  const zeroed: Record<string, string> = {
    documentAdditionOrUpdate: 'indexedDocuments',
    documentDeletion: 'deletedDocuments',
    indexDeletion: 'deletedDocuments',
    taskCancelation: 'canceledTasks',
    taskDeletion: 'deletedTasks',
  };
  const field = zeroed[task.type];
  return field === undefined ? task.details : { ...task.details, [field]: 0 };
}

export class TaskQueue {
  readonly store: TaskStore;
  readonly #options: TaskQueueOptions;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #stopping = false;
  #priorityPending = false;
  #currentIndex: string | null = null;

  constructor(options: TaskQueueOptions) {
    this.store = options.store;
    this.#options = options;
  }

  /** Stores the task durably, then wakes the worker. The caller answers 202 only after this returns. */
  enqueue(task: NewTask): TaskRow {
    const row = this.store.enqueue(task);
    if (PRIORITY_TYPES.has(task.type)) this.#priorityPending = true;
    this.#wake?.();
    return row;
  }

  start(): void {
    if (this.#loop !== null) return;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Stops after the current chunk; an interrupted task stays `processing` and runs again at the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }

  /** True while a task of `indexUid` is being processed. */
  isIndexing(indexUid: string): boolean {
    return this.#currentIndex === indexUid;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let task: TaskRow | undefined;
      try {
        task = this.store.nextRunnable();
        const turns = this.#options.turns;
        if (task !== undefined && turns === undefined) await this.#process(task);
        else if (task !== undefined)
          await turns?.run(async () => {
            // The wait may have been long: stop if asked to, and run whatever comes first now.
            const next = this.#stopping ? undefined : this.store.nextRunnable();
            if (next !== undefined) await this.#process(next);
          });
      } catch (error) {
        this.#options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (task === undefined && !this.#stopping) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          // A tick in case an enqueue raced with the check above (it cannot in one thread: enqueue wakes the
          // worker). Rare, so that hundreds of idle workspaces' workers cost nothing.
          setTimeout(resolve, 30_000).unref();
        });
        this.#wake = null;
      }
      // Let requests run between tasks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #process(task: TaskRow): Promise<void> {
    this.#currentIndex = task.indexUid;
    try {
      if (task.type === 'documentAdditionOrUpdate') await this.#processDocuments(task);
      else await this.#processOne(task);
    } finally {
      this.#currentIndex = null;
    }
  }

  async #processOne(task: TaskRow): Promise<void> {
    const recovered = task.status === 'processing';
    this.store.markProcessing([task.uid], task.batchUid ?? this.store.nextBatchUid());
    try {
      let details: TaskDetails | null;
      if (task.type === 'taskCancelation') {
        const canceledTasks = this.store.cancelUnfinished(task.params.taskUids ?? [], task.uid);
        details = { ...task.details, canceledTasks };
      } else if (task.type === 'taskDeletion') {
        const deletedTasks = this.store.deleteFinished(task.params.taskUids ?? []);
        details = { ...task.details, deletedTasks };
      } else details = await executeTask(task, this.#options, recovered);
      this.#finish(task, { status: 'succeeded', details });
    } catch (error) {
      this.#fail(task, asKachiError(error));
    }
    if (PRIORITY_TYPES.has(task.type)) this.#priorityPending = this.#hasPriorityTask();
  }

  #hasPriorityTask(): boolean {
    const next = this.store.nextRunnable();
    return next !== undefined && PRIORITY_TYPES.has(next.type);
  }

  #fail(task: TaskRow, error: KachiError): void {
    this.#finish(task, { status: 'failed', details: failedDetails(task), error: toErrorBody(error) });
  }

  /** Records the outcome, with what the hooks add in the same transaction. */
  #finish(task: TaskRow, outcome: Parameters<TaskStore['finish']>[1]): void {
    const hooks = this.#options.hooks;
    this.store.finish(task.uid, outcome, Date.now(), () => this.#guard(() => hooks?.finishing?.(task, outcome.status)));
    this.#guard(() => hooks?.finished?.(task));
  }

  #guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  /** Gathers the following additions to the same index with the same mode and primary key into one batch. */
  #gatherBatch(first: TaskRow): TaskRow[] {
    const batch = [first];
    let bytes = this.store.payloadSize(first.uid);
    const limit = this.#options.maxBatchTasks ?? 1000;
    for (const next of this.store.pendingAfter(first.uid, limit)) {
      const samePrimaryKey = (next.params.primaryKey ?? null) === null || next.params.primaryKey === first.params.primaryKey;
      if (next.type !== 'documentAdditionOrUpdate' || next.indexUid !== first.indexUid) break;
      if (next.params.mode !== first.params.mode || !samePrimaryKey) break;
      bytes += this.store.payloadSize(next.uid);
      if (bytes > this.#options.maxBatchBytes && batch.length > 0) break;
      batch.push(next);
    }
    return batch;
  }

  async #processDocuments(first: TaskRow): Promise<void> {
    const batch = this.#gatherBatch(first);
    this.store.markProcessing(
      batch.map((task) => task.uid),
      this.store.nextBatchUid(),
    );
    const unfinished = new Set(batch.map((task) => task.uid));
    try {
      await indexDocumentBatch(this.#options.engine, batch, {
        payload: (uid) => this.store.payload(uid),
        written: (spans, prepared) =>
          this.#guard(() =>
            this.#options.hooks?.documentsWritten?.(
              first.indexUid ?? '',
              spans.map((span) => ({ taskUid: span.task.uid, documents: span.documents })),
              prepared,
            ),
          ),
        succeeded: (task, indexedDocuments) => {
          unfinished.delete(task.uid);
          this.#finish(task, { status: 'succeeded', details: { ...task.details, indexedDocuments } });
        },
        failed: (task, error) => {
          unfinished.delete(task.uid);
          this.#fail(task, error);
        },
        shouldStop: () => this.#stopping || this.#priorityPending,
      });
    } catch (error) {
      const kachi = asKachiError(error);
      for (const task of batch) if (unfinished.has(task.uid)) this.#fail(task, kachi);
    }
  }
}
