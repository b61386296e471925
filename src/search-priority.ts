// Searches before indexing: how many searches the server is answering right now, in memory shared with its
// worker threads, so that the analysis thread pauses between small slices of a batch while one is in flight, and
// uploads and chunks of document writes wait their turn on the serving thread.
// On two cores, the analysis thread, the serving thread, the format thread and the clients uploading share the
// CPU; a search that had to share it waited for every step (T2 10k searched while another index ingested).
// The pause is bounded, so ingestion goes on, slower, under a stream of searches.

/** Searches in flight: [0]. Shared with worker threads through their workerData. */
export const searchesInFlight = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

export function searchBegan(): void {
  Atomics.add(searchesInFlight, 0, 1);
}

/** When the last search in flight ended (serving thread's clock). */
let lastSearchEndedAt = -Infinity;

export function searchEnded(): void {
  lastSearchEndedAt = performance.now();
  if (Atomics.sub(searchesInFlight, 0, 1) === 1) Atomics.notify(searchesInFlight, 0);
}

/** In a worker: waits while `inFlight` counts searches, for at most `maxMs`. */
export function yieldToSearches(inFlight: Int32Array, maxMs: number): void {
  const deadline = performance.now() + maxMs;
  for (let searching = Atomics.load(inFlight, 0); searching > 0; searching = Atomics.load(inFlight, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(inFlight, 0, searching, left);
  }
}

/**
 * A client that searches again as soon as it has its answer sends the next search within a millisecond on
 * loopback: an upload starting in that gap would hold it up, so uploads also wait this long after a search ends.
 */
const QUIET_AFTER_SEARCH_MS = 3;

function searchingNow(): boolean {
  return Atomics.load(searchesInFlight, 0) > 0 || performance.now() - lastSearchEndedAt < QUIET_AFTER_SEARCH_MS;
}

/** Uploads waiting for their turn (see uploadTurn), resolved in order. */
let lastTurn: Promise<void> = Promise.resolve();
/** The longest an upload waits for searches in flight before it goes anyway. */
const MAX_UPLOAD_WAIT_MS = 50;
/** Smaller bodies cost their upload well under a millisecond, and do not wait: many small writes keep their pace. */
const SMALL_UPLOAD_BYTES = 64 * 1024;
/**
 * While searches come in, large uploads start at most this often. Between two searches every upload went at once,
 * back to back, and a burst of them (99 workspaces × 500 passages in ~10 s, bench:workspaces) kept the serving
 * thread and both cores busy: a search arriving then took 2–3× its idle time. A 500-passage upload costs a few ms
 * of the serving thread, which is then left to searches for the rest of the 10 ms. Ingestion is not slowed: 100
 * uploads a second is far more than indexing keeps up with.
 */
const UPLOAD_SPACING_WHILE_SEARCHED_MS = 10;
let lastUploadAt = -Infinity;

const nextLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** On the serving thread: waits while `busy()` says so, a millisecond at a time, for at most `maxMs`. */
async function waitWhile(busy: () => boolean, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (busy() && performance.now() < deadline) await sleep(1);
}

/**
 * On the serving thread, before an upload's own work (checking and storing a body of documents, a few ms for 500
 * Korean passages): uploads take turns, one per event-loop turn, so that a search arriving meanwhile is
 * read between two of them, and each waits (at most MAX_UPLOAD_WAIT_MS) while searches are in flight. While
 * `searched` (searches came in lately), turns are also spaced UPLOAD_SPACING_WHILE_SEARCHED_MS apart.
 * @example await uploadTurn(body.length, searchedRecently()); const payload = readDocumentsPayload(request)
 */
export async function uploadTurn(bytes: number, searched = false): Promise<void> {
  if (bytes < SMALL_UPLOAD_BYTES) return;
  const previous = lastTurn;
  let release!: () => void;
  lastTurn = new Promise((resolve) => (release = resolve));
  await previous;
  try {
    await nextLoopTurn(); // the previous upload's work ran since: let waiting requests be read
    if (searched) {
      const spacing = lastUploadAt + UPLOAD_SPACING_WHILE_SEARCHED_MS - performance.now();
      if (spacing > 0) await sleep(spacing);
    }
    await waitWhile(searchingNow, MAX_UPLOAD_WAIT_MS);
  } finally {
    lastUploadAt = performance.now();
    release();
  }
}

/** The longest a chunk of a document write waits for searches in flight before it runs anyway. */
const MAX_WRITE_WAIT_MS = 20;

/**
 * On the serving thread, before a chunk of a document write holds it (~10 ms while searches arrive,
 * index-documents.ts): waits, at most MAX_WRITE_WAIT_MS, while searches are in flight. A search whose hits are on
 * the format thread then gets its answer written before the chunk runs rather than after it; a search arriving
 * meanwhile still waits for at most one chunk.
 * @example await writeTurn(); index.addDocuments(chunk)
 */
export async function writeTurn(): Promise<void> {
  await waitWhile(() => Atomics.load(searchesInFlight, 0) > 0, MAX_WRITE_WAIT_MS);
}
