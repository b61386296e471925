// Document additions: a batch of consecutive tasks written in chunks that yield to the event loop between them.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Engine, PreparedDocuments } from '../../engine-types.ts';
import { KachiError } from '../../errors.ts';
import type { Document } from '../../search-types.ts';
import { decodeUtf8, parseJsonText } from '../body.ts';
import { inferPrimaryKey, validateDocument } from '../../documents.ts';
import { searchedRecently } from '../search-activity.ts';
import { writeTurn } from '../../search-priority.ts';
import type { TaskRow } from './task-types.ts';

/** How a batch reports progress: each task is finished as soon as all its documents are written. */
export interface DocumentBatchCallbacks {
  payload(uid: number): Buffer | undefined;
  succeeded(task: TaskRow, indexedDocuments: number): void;
  /**
   * After a chunk is written (before the tasks it completes succeed): each task's documents in it, and the
   * analysis the write used when it was done ahead (alerts reuse it instead of analysing the chunk again).
   */
  written?(spans: ReadonlyArray<{ task: TaskRow; documents: Document[] }>, prepared: PreparedDocuments | null): void;
  failed(task: TaskRow, error: KachiError): void;
  /** Checked between chunks: true stops the batch (the caller re-queues what is left). */
  shouldStop(): boolean;
}

interface Pending {
  task: TaskRow;
  documents: Document[];
}

/**
 * Chunk sizing: engine work per chunk, which is how long a search may wait behind one; shorter while searches
 * arrive (search-activity.ts has the measured trade-off).
 */
const TARGET_CHUNK_MS = 50;
const TARGET_CHUNK_MS_SEARCHED = 10;
/**
 * How many targets the `written` hook's turn may take. Percolating 10,000 alerts costs ~10× the write: sized on
 * the write alone, chunks ran ~250 passages, whose tasks then succeeded together and sent ~1,300 webhooks at once
 * (bench:alerts p99 1.2 s); sized on the hook (1×), p99 was 0.56 s but ingestion 28 % slower; 4× gave p99 0.6–0.75 s
 * at the same ingestion rate.
 */
const WRITTEN_HOOK_TARGETS = 4;
const MIN_CHUNK = 10;
const MAX_CHUNK = 20_000;
/**
 * Reading and checking task bodies takes turns of about this long. The size check stringifies each document
 * (~40 µs for a Korean passage): slices of 2,000 documents held searches up for ~20 ms at the start of every
 * 500-passage task (bench:workspaces). Turns go by time, not by count, so a batch of many small tasks or of tiny
 * documents does not wait for searches once per task or per slice.
 */
const READ_TURN_MS = 5;
/** Documents checked between two looks at the clock. */
const VALIDATE_SLICE = 25;
/**
 * The last measured cost of one document, in ms, shared by every batch of the process: a new batch (of another
 * index, or another workspace) starts at a chunk that fits the target instead of a fixed 100 documents, which on a
 * slow or busy machine meant one long chunk per batch, and with many workspaces one per workspace.
 */
let lastCostPerDocument: number | null = null;

function chunkFor(costPerDocument: number): number {
  const target = searchedRecently() ? TARGET_CHUNK_MS_SEARCHED : TARGET_CHUNK_MS;
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(target / Math.max(costPerDocument, 0.001))));
}

/**
 * Writes the documents of `tasks` (consecutive additions to one index, same mode) in order.
 * Ids are checked for each task before anything is written, so a task with a bad document fails whole.
 * Returns false if it stopped early because `shouldStop()` said so.
 */
export async function indexDocumentBatch(engine: Engine, tasks: readonly TaskRow[], cb: DocumentBatchCallbacks): Promise<boolean> {
  const first = tasks[0];
  if (first === undefined) return true;
  const indexUid = first.indexUid ?? '';
  const pending: Pending[] = [];
  let primaryKey = engine.hasIndex(indexUid) ? engine.getIndex(indexUid).info().primaryKey : null;
  let turnStarted = -Infinity; // the first body waits for its turn too
  const readTurn = async () => {
    if (performance.now() - turnStarted < READ_TURN_MS) return;
    await searchesFirst();
    turnStarted = performance.now();
  };
  for (const task of tasks) {
    // Decoding and parsing a body is a few ms for 500 passages: it starts a turn when the last one is used up.
    await readTurn();
    try {
      const documents = readDocuments(cb.payload(task.uid));
      const requested = task.params.primaryKey ?? null;
      if (primaryKey !== null && requested !== null && requested !== primaryKey)
        throw new KachiError(
          'index_primary_key_already_exists',
          `Index \`${indexUid}\`: Index already has a primary key: \`${primaryKey}\`.`,
        );
      const key = primaryKey ?? requested ?? inferPrimaryKey(documents[0]);
      // The engine's own checks, run on the whole task before any chunk is written, in turns that yield.
      for (let start = 0; start < documents.length; start += VALIDATE_SLICE) {
        const end = Math.min(documents.length, start + VALIDATE_SLICE);
        for (let i = start; i < end; i++) validateDocument(documents[i], i, key);
        if (end < documents.length) await readTurn();
      }
      if (documents.length > 0) primaryKey = key;
      pending.push({ task, documents });
    } catch (error) {
      cb.failed(task, asKachiError(error));
    }
  }
  if (pending.length === 0) return true;
  if (!engine.hasIndex(indexUid)) engine.createIndex(indexUid, { primaryKey });
  const index = engine.getIndex(indexUid);
  const options = { primaryKey: primaryKey ?? undefined, mode: first.params.mode ?? 'replace' };

  let chunkSize = lastCostPerDocument === null ? 100 : Math.min(100, chunkFor(lastCostPerDocument));
  let taskPos = 0;
  let docPos = 0;
  /** The next chunk of `pending` (documents of one or more tasks, in order), or null when all are taken. */
  const takeChunk = (size: number): Chunk | null => {
    if (taskPos >= pending.length) return null;
    const documents: Document[] = [];
    const spans: Chunk['spans'] = [];
    const firstTouched = taskPos;
    let lastTouched = taskPos;
    while (taskPos < pending.length && documents.length < size) {
      const current = pending[taskPos];
      if (current === undefined) break;
      lastTouched = taskPos;
      const take = current.documents.slice(docPos, docPos + (size - documents.length));
      documents.push(...take);
      spans.push({ task: current.task, documents: take });
      docPos += take.length;
      if (docPos >= current.documents.length) {
        taskPos++;
        docPos = 0;
      }
    }
    return { documents, spans, firstTouched, lastTouched, completed: taskPos };
  };
  // Pipelined: the next chunk is analysed on the analysis thread while this thread writes the current one and
  // runs its `written` hook (alerts' percolation), so the two costs overlap instead of adding up. Its size is
  // therefore chosen from the cost measured one chunk earlier.
  const prepare = (chunk: Chunk): Promise<PreparedDocuments | null> =>
    chunk.documents.length > 0
      ? Promise.resolve(index.prepareDocuments?.(chunk.documents, options) ?? null)
      : Promise.resolve(null);
  let next = takeChunk(chunkSize);
  let nextPrepared = next === null ? null : settled(prepare(next));
  while (next !== null) {
    const chunk = next;
    const preparing = nextPrepared!;
    if (cb.shouldStop()) return false;
    let started = performance.now();
    let prepared: PreparedDocuments | null = null;
    try {
      // Analysis runs on the analysis thread, so searches are not kept waiting by it; only the write holds this thread.
      prepared = await unsettled(preparing);
      await writeTurn();
      started = performance.now();
      if (chunk.documents.length > 0) index.addDocuments(chunk.documents, { ...options, prepared });
    } catch (error) {
      // A chunk spanning several tasks failed: redo those tasks one by one (writes are idempotent) to find the culprit.
      if (chunk.lastTouched > chunk.firstTouched)
        await retrySeparately(index, pending.slice(chunk.firstTouched, chunk.lastTouched + 1), options, cb);
      else {
        const culprit = pending[chunk.firstTouched];
        if (culprit !== undefined) cb.failed(culprit.task, asKachiError(error));
      }
      // The chunk read ahead may hold the rest of a retried task: it is taken again after it.
      taskPos = chunk.lastTouched + 1;
      docPos = 0;
      next = takeChunk(chunkSize);
      nextPrepared = next === null ? null : settled(prepare(next));
      continue;
    }
    const writeMs = performance.now() - started;
    next = takeChunk(chunkSize);
    nextPrepared = next === null ? null : settled(prepare(next));
    let writtenHookMs = 0;
    if (chunk.documents.length > 0 && cb.written !== undefined) {
      await searchesFirst();
      const hookStarted = performance.now();
      cb.written(chunk.spans, prepared);
      writtenHookMs = performance.now() - hookStarted;
    }
    // Next chunk: what the last one's cost per document says fits in the target, growing at most 2× at a time.
    // The write and the `written` hook (alerts' percolation) are two turns, the hook's allowed a few targets.
    const perDocument = Math.max(writeMs, writtenHookMs / WRITTEN_HOOK_TARGETS) / Math.max(1, chunk.documents.length);
    for (let i = chunk.firstTouched; i < chunk.completed; i++) {
      const done = pending[i];
      if (done !== undefined) cb.succeeded(done.task, done.documents.length);
    }
    if (chunk.documents.length > 0) lastCostPerDocument = perDocument;
    chunkSize = Math.min(chunkSize * 2, chunkFor(perDocument));
    await nextTurn();
  }
  return true;
}

/** Consecutive documents of the batch written together, with the tasks they belong to. */
interface Chunk {
  documents: Document[];
  spans: Array<{ task: TaskRow; documents: Document[] }>;
  /** Positions in `pending` of the first and last task with documents in the chunk. */
  firstTouched: number;
  lastTouched: number;
  /** Tasks before this position have all their documents written once the chunk is. */
  completed: number;
}

/** A promise that never rejects (a failure waits, as a value, until the loop reaches its chunk). */
function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

async function unsettled<T>(outcome: Promise<{ value: T } | { error: unknown }>): Promise<T> {
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}

async function retrySeparately(
  index: ReturnType<Engine['getIndex']>,
  group: readonly Pending[],
  options: { primaryKey?: string; mode: 'replace' | 'update' },
  cb: DocumentBatchCallbacks,
): Promise<void> {
  for (const { task, documents } of group) {
    try {
      index.addDocuments(documents, options);
      cb.written?.([{ task, documents }], null);
      cb.succeeded(task, documents.length);
    } catch (error) {
      cb.failed(task, asKachiError(error));
    }
    await nextTurn();
  }
}

/** Lets requests that arrived meanwhile be read, then waits (bounded) while searches are in flight. */
async function searchesFirst(): Promise<void> {
  await nextTurn();
  await writeTurn();
}

function readDocuments(payload: Buffer | undefined): Document[] {
  if (payload === undefined) throw new KachiError('internal', 'The payload of this task is missing.');
  const value = parseJsonText(decodeUtf8(payload, 'json'));
  if (!Array.isArray(value)) throw new KachiError('malformed_payload', 'The stored payload is not an array of documents.');
  return value as Document[];
}

export function asKachiError(error: unknown): KachiError {
  if (error instanceof KachiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KachiError('internal', `An internal error has occurred. \`${message}\`.`, { cause: error });
}
