// The analysis worker thread: its own analyzer (lindera and eojeol cache), answering batches of texts
// with token columns; see parallel-analyzer.ts for the protocol.
import { workerData, type MessagePort } from 'node:worker_threads';
import { createAnalyzer } from './analyzer.ts';
import type { AnalyzerConfig } from './types.ts';

export interface WorkerInput {
  config: AnalyzerConfig;
  /** Synchronous requests: the caller blocks on `signal` and reads the answer with receiveMessageOnPort. */
  port: MessagePort;
  /** Set to 1 (and notified) when an answer has been posted on `port`. */
  signal: Int32Array;
  /** Asynchronous requests, answered with their `id` on the same port. */
  asyncPort: MessagePort;
}

export interface WorkerRequest {
  texts: string[];
  /** Set on asynchronous requests. */
  id?: number;
}

const { config, port, signal, asyncPort } = workerData as WorkerInput;
const analyzer = createAnalyzer(config);

/** The answer to one request, with the columns' buffers to transfer. */
function answer(texts: string[]): { message: object; transfer: ArrayBuffer[] } {
  try {
    const started = performance.now();
    const columns = analyzer.analyzeColumns(texts);
    const ms = performance.now() - started;
    const transfer = [columns.textStarts, columns.entries, columns.positions, columns.kinds].map(
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

asyncPort.on('message', ({ texts, id }: WorkerRequest) => {
  const { message, transfer } = answer(texts);
  asyncPort.postMessage({ ...message, id }, transfer);
});
