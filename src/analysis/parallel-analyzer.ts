// Indexing analysis on two threads: a large batch is split between the calling thread and a worker
// thread, each with its own analyzer and eojeol cache, and the call stays synchronous.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { searchesInFlight } from '../search-priority.ts';
import { workerBootstrap } from '../worker-bootstrap.ts';
import { createAnalyzer } from './analyzer.ts';
import { concatColumns, type TokenColumns } from './token-columns.ts';
import type { AnalyzerConfig, BatchAnalyzer } from './types.ts';

export interface IndexingAnalyzer extends BatchAnalyzer {
  /** The tokens of many texts as columns (term, kind, position); a large batch uses the worker too. */
  analyzeColumns(texts: readonly string[]): TokenColumns;
  /**
   * The columns of `texts`, analysed on the worker thread while this one goes on (serving searches);
   * the same columns `analyzeColumns` gives. Null when there is no worker (one core, or
   * KACHI_ANALYSIS_THREADS=1) or it failed: the caller then analyses on its own thread.
   */
  analyzeColumnsOffThread(texts: readonly string[]): Promise<TokenColumns | null>;
  /**
   * Bulk loading: the worker's share of `texts` is posted, this thread analyses the rest before returning, and
   * the promise gives all the columns once the worker answers. Meanwhile this thread writes the batch before
   * (`otherWorkMs`: how long that took last time), so the share is chosen to keep both threads busy for the
   * same time. Null when there is no worker: the caller analyses at write time.
   */
  analyzeColumnsAlongside(texts: readonly string[], otherWorkMs: number): Promise<TokenColumns | null>;
  /** Stops the worker thread; the analyzer goes on working on the calling thread alone. */
  close(): void;
}

export interface ParallelAnalyzerOptions {
  /**
   * Use a worker thread for large batches. Default: when the machine has more than one core and the
   * environment variable KACHI_ANALYSIS_THREADS is not `1`.
   */
  parallel?: boolean;
  /** Batches with fewer characters stay on the calling thread (a round trip costs about a millisecond). Default 100,000. */
  minParallelChars?: number;
  /** Share of the first large batch's characters sent to the worker; later batches balance the two threads' measured speeds. Default 0.5. */
  workerShare?: number;
  /** The worker is stopped after this long without a large batch. Default 60,000 ms. */
  idleMs?: number;
}

// A worker that has not answered by then is given up on, and the batch is analysed here.
const ANSWER_TIMEOUT_MS = 120_000;
const IDLE_MS = 60_000;

/**
 * Why synchronous: `addDocuments` is synchronous, and the documents must be searchable when it returns.
 * The calling thread posts the worker's share, analyses its own, then blocks on `Atomics.wait` until
 * the worker signals and takes the answer with `receiveMessageOnPort`. Results are identical whichever
 * thread analyses a text: analysis is per eojeol and deterministic.
 * @example createIndexingAnalyzer(config).analyzeColumns(passages)
 */
export function createIndexingAnalyzer(
  config: AnalyzerConfig,
  options: ParallelAnalyzerOptions = {},
): IndexingAnalyzer {
  const local = createAnalyzer(config);
  const minChars = options.minParallelChars ?? 100_000;
  let share = options.workerShare ?? 0.5;
  // the worker's share in bulk loads (analyzeColumnsAlongside), where this thread also writes
  let alongsideShare = share;
  let helper: Helper | null | undefined = (options.parallel ?? defaultParallel()) ? undefined : null;
  // An idle worker (its lindera and caches: a few hundred MB) is stopped, and started again when needed.
  let idle: NodeJS.Timeout | undefined;
  const stopWhenIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      helper?.stop();
      if (helper) helper = undefined;
    }, options.idleMs ?? IDLE_MS);
    idle.unref();
  };

  function analyzeColumns(texts: readonly string[]): TokenColumns {
    const chars = charCount(texts);
    if (chars < minChars || helper === null) return local.analyzeColumns(texts);
    helper ??= startHelper(config);
    const cut = cutAt(texts, chars * share);
    helper.port.postMessage({ texts: texts.slice(0, cut) });
    const started = performance.now();
    const mine = local.analyzeColumns(texts.slice(cut));
    const myMs = performance.now() - started;
    const answer = helper.receive();
    if (answer === null) {
      helper.stop();
      helper = null;
      return local.analyzeColumns(texts);
    }
    share = balance(share, chars * share, answer.ms, chars * (1 - share), myMs);
    stopWhenIdle();
    return concatColumns([answer.columns, mine]);
  }

  function analyzeColumnsAlongside(texts: readonly string[], otherWorkMs: number): Promise<TokenColumns | null> {
    if (helper === null) return Promise.resolve(null);
    const chars = charCount(texts);
    if (chars < minChars) return Promise.resolve(local.analyzeColumns(texts));
    helper ??= startHelper(config);
    const cut = cutAt(texts, chars * alongsideShare);
    const theirs = texts.slice(0, cut);
    const theirChars = charCount(theirs);
    const request = helper.request(theirs, { giveWay: false });
    const started = performance.now();
    const mine = local.analyzeColumns(texts.slice(cut));
    const myMs = performance.now() - started;
    return request.then((answer) => {
      stopWhenIdle();
      if (answer === null) return concatColumns([local.analyzeColumns(theirs), mine]);
      alongsideShare = balanceAlongside(alongsideShare, theirChars, answer.ms, chars - theirChars, myMs, otherWorkMs);
      return concatColumns([answer.columns, mine]);
    });
  }

  async function analyzeColumnsOffThread(texts: readonly string[]): Promise<TokenColumns | null> {
    if (helper === null) return null;
    helper ??= startHelper(config);
    const answer = await helper.request(texts);
    stopWhenIdle();
    return answer?.columns ?? null;
  }

  return {
    ...local,
    analyzeColumns,
    analyzeColumnsOffThread,
    analyzeColumnsAlongside,
    close() {
      clearTimeout(idle);
      helper?.stop();
      helper = null;
    },
  };
}

function defaultParallel(): boolean {
  return availableParallelism() > 1 && process.env.KACHI_ANALYSIS_THREADS !== '1';
}

/**
 * The worker's next share: each thread's characters per millisecond on the last batch (the worker's
 * own time excludes waiting for its message), averaged with the previous share so one noisy batch on
 * a shared machine does not swing it. Kept within [0.2, 0.8].
 */
function balance(share: number, theirChars: number, theirMs: number, myChars: number, myMs: number): number {
  if (theirMs <= 0 || myMs <= 0 || theirChars <= 0 || myChars <= 0) return share;
  const theirRate = theirChars / theirMs;
  const measured = theirRate / (theirRate + myChars / myMs);
  return Math.min(0.8, Math.max(0.2, (share + measured) / 2));
}

/**
 * The worker's next share when this thread also spends `otherMs` on other work per batch: the share s for which
 * s·C / theirRate = (1 − s)·C / myRate + otherMs, averaged with the previous share. Kept within [0.2, 0.95].
 */
function balanceAlongside(share: number, theirChars: number, theirMs: number, myChars: number, myMs: number, otherMs: number): number {
  if (theirMs <= 0 || myMs <= 0 || theirChars <= 0 || myChars <= 0) return share;
  const chars = theirChars + myChars;
  const theirMsPerChar = theirMs / theirChars;
  const myMsPerChar = myMs / myChars;
  const measured = (chars * myMsPerChar + Math.max(0, otherMs)) / (chars * (theirMsPerChar + myMsPerChar));
  return Math.min(0.95, Math.max(0.2, (share + measured) / 2));
}

/** How many texts from the start hold at least `chars` characters. */
function cutAt(texts: readonly string[], chars: number): number {
  let cut = 0;
  for (let sent = 0; cut < texts.length && sent < chars; cut++) sent += texts[cut]!.length;
  return cut;
}

function charCount(texts: readonly string[]): number {
  let chars = 0;
  for (const text of texts) chars += text.length;
  return chars;
}

interface Answer {
  columns: TokenColumns;
  /** Milliseconds the worker spent analysing. */
  ms: number;
}

interface Helper {
  port: MessagePort;
  /** The worker's answer, or null when it failed or did not answer in time. */
  receive(): Answer | null;
  /**
   * An asynchronous request: the worker's answer, or null when it failed or was stopped first. It gives way to
   * the server's searches in flight unless `giveWay` is false (a bulk load, with no searches to wait for).
   */
  request(texts: readonly string[], options?: { giveWay?: boolean }): Promise<Answer | null>;
  stop(): void;
}

type WorkerAnswer = { columns?: TokenColumns; ms?: number; error?: string; id?: number };

function answerOf(message: WorkerAnswer | undefined): Answer | null {
  if (message?.error !== undefined) process.emitWarning(`Kachi analysis worker failed: ${message.error}`);
  return message?.columns ? { columns: message.columns, ms: message.ms ?? 0 } : null;
}

function startHelper(config: AnalyzerConfig): Helper {
  const { port1, port2 } = new MessageChannel();
  const asynchronous = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const onFailure = `workerData.port.postMessage({ error: String(error && error.stack || error) });
workerData.asyncPort.postMessage({ error: String(error && error.stack || error) });
Atomics.store(workerData.signal, 0, 1);
Atomics.notify(workerData.signal, 0);`;
  const worker = new Worker(workerBootstrap(import.meta.url, './analysis-worker', onFailure), {
    eval: true,
    workerData: { config, port: port2, signal, asyncPort: asynchronous.port2, searchesInFlight },
    transferList: [port2, asynchronous.port2],
  });
  worker.unref();
  port1.unref();
  // Asynchronous answers by request id; the port keeps the process alive only while one is awaited.
  const waiting = new Map<number, (answer: Answer | null) => void>();
  let nextId = 0;
  const asyncPort = asynchronous.port1;
  asyncPort.on('message', (message: WorkerAnswer) => {
    const settle = waiting.get(message.id ?? -1);
    if (settle === undefined) {
      answerOf(message); // a failure to load, posted without an id: warn, and fail every request
      failAll();
    } else {
      waiting.delete(message.id!);
      settle(answerOf(message));
    }
    if (waiting.size === 0) asyncPort.unref();
  });
  asyncPort.unref();
  const failAll = () => {
    for (const pending of waiting.values()) pending(null);
    waiting.clear();
  };
  worker.once('exit', failAll);
  return {
    port: port1,
    receive() {
      const deadline = Date.now() + ANSWER_TIMEOUT_MS;
      while (Atomics.load(signal, 0) === 0) {
        const left = deadline - Date.now();
        if (left <= 0) return null;
        Atomics.wait(signal, 0, 0, left);
      }
      Atomics.store(signal, 0, 0);
      return answerOf(receiveMessageOnPort(port1)?.message as WorkerAnswer | undefined);
    },
    request(texts, { giveWay = true } = {}) {
      const id = nextId++;
      return new Promise((settle) => {
        waiting.set(id, settle);
        asyncPort.ref();
        asyncPort.postMessage({ texts, id, giveWay });
      });
    },
    stop() {
      port1.close();
      asyncPort.close();
      failAll();
      void worker.terminate();
    },
  };
}
