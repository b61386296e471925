// The analysis worker thread: its own analyzer (lindera and eojeol cache), answering batches of texts
// with token columns; see parallel-analyzer.ts for the protocol.
import { workerData, type MessagePort } from 'node:worker_threads';
import { runAsBackgroundThread } from '../background-priority.ts';
import { yieldToSearches } from '../search-priority.ts';
import { createAnalyzer } from './analyzer.ts';
import { concatColumns, type TokenColumns } from './token-columns.ts';
import type { AnalyzerConfig } from './types.ts';

export interface WorkerInput {
  config: AnalyzerConfig;
  /** Synchronous requests: the caller blocks on `signal` and reads the answer with receiveMessageOnPort. */
  port: MessagePort;
  /** Set to 1 (and notified) when an answer has been posted on `port`. */
  signal: Int32Array;
  /** Asynchronous requests, answered with their `id` on the same port. */
  asyncPort: MessagePort;
  /** The server's searches in flight (search-priority.ts): asynchronous batches pause for them. */
  searchesInFlight?: Int32Array;
}

export interface WorkerRequest {
  texts: string[];
  /** Set on asynchronous requests. */
  id?: number;
  /** Asynchronous requests give way to searches in flight unless this is false (bulk loads). */
  giveWay?: boolean;
}

const { config, port, signal, asyncPort, searchesInFlight } = workerData as WorkerInput;
runAsBackgroundThread();
const analyzer = createAnalyzer(config);

/** Characters analysed between two looks at the searches in flight: about 5 ms of work. */
const SLICE_CHARS = 1_000;
/** The longest pause for searches after each slice, so that a stream of them slows ingestion without stopping it. */
const MAX_PAUSE_MS = 10;

/** The columns of `texts`, slice by slice, giving way to searches in flight between slices. */
function analyzeGivingWay(texts: string[], inFlight: Int32Array): TokenColumns {
  const parts: TokenColumns[] = [];
  for (let from = 0; from < texts.length; ) {
    let to = from;
    for (let chars = 0; to < texts.length && chars < SLICE_CHARS; to++) chars += texts[to]!.length;
    yieldToSearches(inFlight, MAX_PAUSE_MS);
    parts.push(analyzer.analyzeColumns(texts.slice(from, to)));
    from = to;
  }
  return parts.length === 0 ? analyzer.analyzeColumns([]) : concatColumns(parts);
}

/** The answer to one request, with the columns' buffers to transfer; `inFlight` makes it give way to searches. */
function answer(texts: string[], inFlight?: Int32Array): { message: object; transfer: ArrayBuffer[] } {
  try {
    const started = performance.now();
    const columns = inFlight === undefined ? analyzer.analyzeColumns(texts) : analyzeGivingWay(texts, inFlight);
    const ms = performance.now() - started;
    const transfer = [columns.textStarts, columns.entries, columns.positions, columns.starts, columns.ends, columns.kinds].map(
      (a) => a.buffer as ArrayBuffer,
    );
    return { message: { columns, ms }, transfer };
  } catch (error) {
    return { message: { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, transfer: [] };
  }
}

port.on('message', ({ texts }: WorkerRequest) => {
  const { message, transfer } = answer(texts);
  port.postMessage(message, transfer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});

asyncPort.on('message', ({ texts, id, giveWay }: WorkerRequest) => {
  const { message, transfer } = answer(texts, giveWay === false ? undefined : searchesInFlight);
  asyncPort.postMessage({ ...message, id }, transfer);
});
