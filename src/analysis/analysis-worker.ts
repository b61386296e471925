// The analysis worker thread: its own analyzer (lindera and eojeol cache), answering batches of texts
// with token columns; see parallel-analyzer.ts for the protocol.
import { workerData, type MessagePort } from 'node:worker_threads';
import { createAnalyzer } from './analyzer.ts';
import type { AnalyzerConfig } from './types.ts';

export interface WorkerInput {
  config: AnalyzerConfig;
  port: MessagePort;
  /** Set to 1 (and notified) when an answer has been posted on `port`. */
  signal: Int32Array;
}

export interface WorkerRequest {
  texts: string[];
}

const { config, port, signal } = workerData as WorkerInput;
const analyzer = createAnalyzer(config);

port.on('message', ({ texts }: WorkerRequest) => {
  try {
    const started = performance.now();
    const columns = analyzer.analyzeColumns(texts);
    const ms = performance.now() - started;
    const buffers = [columns.textStarts, columns.entries, columns.positions, columns.kinds].map(
      (a) => a.buffer as ArrayBuffer,
    );
    port.postMessage({ columns, ms }, buffers);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
