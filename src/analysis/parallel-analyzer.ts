// Indexing analysis on two threads: a large batch is split between the calling thread and a worker
// thread, each with its own analyzer and eojeol cache, and the call stays synchronous.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { createAnalyzer } from './analyzer.ts';
import { concatColumns, type TokenColumns } from './token-columns.ts';
import type { AnalyzerConfig, BatchAnalyzer } from './types.ts';

export interface IndexingAnalyzer extends BatchAnalyzer {
  /** The tokens of many texts as columns (term, kind, position); a large batch uses the worker too. */
  analyzeColumns(texts: readonly string[]): TokenColumns;
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
    let chars = 0;
    for (const text of texts) chars += text.length;
    if (chars < minChars || helper === null) return local.analyzeColumns(texts);
    helper ??= startHelper(config);
    let cut = 0;
    for (let sent = 0; cut < texts.length && sent < chars * share; cut++) sent += texts[cut]!.length;
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

  return {
    ...local,
    analyzeColumns,
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

interface Answer {
  columns: TokenColumns;
  /** Milliseconds the worker spent analysing. */
  ms: number;
}

interface Helper {
  port: MessagePort;
  /** The worker's answer, or null when it failed or did not answer in time. */
  receive(): Answer | null;
  stop(): void;
}

function startHelper(config: AnalyzerConfig): Helper {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(bootstrap(), {
    eval: true,
    workerData: { config, port: port2, signal },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
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
      const message = receiveMessageOnPort(port1)?.message as
        { columns?: TokenColumns; ms?: number; error?: string } | undefined;
      if (message?.error !== undefined) process.emitWarning(`Kachi analysis worker failed: ${message.error}`);
      return message?.columns ? { columns: message.columns, ms: message.ms ?? 0 } : null;
    },
    stop() {
      port1.close();
      void worker.terminate();
    },
  };
}

/**
 * The worker's first script: it loads analysis-worker through tsx when Kachi runs from its TypeScript
 * sources, and reports a failure to load the same way as a failed batch.
 */
function bootstrap(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './analysis-worker.ts' : './analysis-worker.js', import.meta.url).href;
  const load = fromSources
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`
    : `import(${JSON.stringify(entry)})`;
  return `const { workerData } = require('node:worker_threads');
${load}.catch((error) => {
  workerData.port.postMessage({ error: String(error && error.stack || error) });
  Atomics.store(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
});`;
}
