// Segment merges on a worker thread, so that a server's searches do not wait for them: merging eight
// segments of a few thousand documents holds a thread for a tenth of a second, the merges of a bulk load
// for seconds (measured on T2 while searching another index: a 50,000-document merge, 0.86 s). One
// worker serves every index of the process, one merge at a time; it is stopped when idle.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { workerBootstrap } from '../worker-bootstrap.ts';
import type { MergeAnswer, MergeRequest } from './merge-worker.ts';
import { Segment } from './segment.ts';

export interface MergeJob {
  segments: readonly Segment[];
  /** Documents of those segments deleted by now; they are left out. */
  deleted: Uint32Array;
  /** Folder to save the merged segment in when it is saved. */
  dir: string;
  /** Save it whatever its size (it replaces saved segments). */
  mustSave: boolean;
  persistMinDocs: number;
}

export interface MergeResult {
  segment: Segment;
  /** File name in the job's folder when the merged segment was saved, else null. */
  savedAs: string | null;
}

export interface BackgroundMerger {
  /** The merged segment, or null when the worker failed or was stopped (the caller merges itself or not at all). */
  merge(job: MergeJob): Promise<MergeResult | null>;
}

const IDLE_MS = 30_000;

interface Running {
  worker: Worker;
  port: MessagePort;
  waiting: Map<number, (answer: MergeAnswer | null) => void>;
}

let running: Running | null = null;
let nextId = 0;
let idle: NodeJS.Timeout | undefined;

function start(): Running {
  const { port1, port2 } = new MessageChannel();
  const onFailure = 'workerData.port.postMessage({ id: -1, error: String(error && error.stack || error) });';
  const worker = new Worker(workerBootstrap(import.meta.url, './merge-worker', onFailure), {
    eval: true,
    workerData: { port: port2 },
    transferList: [port2],
  });
  worker.unref();
  const waiting = new Map<number, (answer: MergeAnswer | null) => void>();
  const failAll = () => {
    for (const settle of waiting.values()) settle(null);
    waiting.clear();
  };
  port1.on('message', (answer: MergeAnswer) => {
    const settle = waiting.get(answer.id);
    if (answer.error !== undefined) process.emitWarning(`Kachi merge worker failed: ${answer.error}`);
    if (settle === undefined) failAll();
    else {
      waiting.delete(answer.id);
      settle(answer);
    }
    if (waiting.size === 0) port1.unref();
  });
  port1.unref();
  worker.once('exit', () => {
    failAll();
    if (running?.worker === worker) running = null;
  });
  return { worker, port: port1, waiting };
}

function stopWhenIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(() => {
    if (running === null || running.waiting.size > 0) return;
    const { worker, port } = running;
    running = null;
    port.close();
    void worker.terminate();
  }, IDLE_MS);
  idle.unref();
}

/** The process's merger. */
export const backgroundMerger: BackgroundMerger = {
  async merge(job) {
    running ??= start();
    const { port, waiting } = running;
    const id = nextId++;
    const request: MergeRequest = {
      id,
      // copied to the worker: searches go on reading the originals until the merged segment replaces them
      segments: job.segments.map((segment) => segment.data),
      deleted: job.deleted,
      dir: job.dir,
      mustSave: job.mustSave,
      persistMinDocs: job.persistMinDocs,
    };
    const answer = await new Promise<MergeAnswer | null>((settle) => {
      waiting.set(id, settle);
      port.ref();
      port.postMessage(request);
    });
    stopWhenIdle();
    if (answer?.data === undefined) return null;
    return { segment: new Segment(answer.data), savedAs: answer.savedAs ?? null };
  },
};
