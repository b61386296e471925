// A worker thread that answers requests by id, for work the serving thread hands off (segment merges, webhook
// deliveries). It starts on the first request and stops after a quiet spell; it never keeps the process alive
// unless a request waits. Answers may come back in any order. When the thread fails to load, crashes or exits,
// every waiting request gets null (the caller does the work itself or not at all) and the next one starts a
// fresh thread.
import { MessageChannel, Worker, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { workerBootstrap } from './worker-bootstrap.ts';

/** What a worker module posts back: the request's id, and `error` when the work itself threw unexpectedly. */
export interface ThreadAnswer {
  id: number;
  error?: string;
}

export interface RequestThreadOptions {
  /** `import.meta.url` of the module that resolves `moduleBase`. */
  callerUrl: string;
  /** The worker module, without extension, relative to `callerUrl`. */
  moduleBase: string;
  /** For warnings: "Kachi <name> worker failed: …". */
  name: string;
  /** The thread stops after this long without a waiting request. */
  idleMs: number;
}

interface Running<Answer> {
  worker: Worker;
  port: MessagePort;
  waiting: Map<number, (answer: Answer | null) => void>;
}

/**
 * The worker module reads `workerData.port` and answers each message `{ id, … }` with `{ id, … }` on it.
 * @example const thread = new RequestThread<MergeRequest, MergeAnswer>({ callerUrl: import.meta.url, moduleBase: './merge-worker', name: 'merge', idleMs: 30_000 })
 */
export class RequestThread<Request extends { id: number }, Answer extends ThreadAnswer> {
  readonly #options: RequestThreadOptions;
  #running: Running<Answer> | null = null;
  #nextId = 0;
  #idle: NodeJS.Timeout | undefined;

  constructor(options: RequestThreadOptions) {
    this.#options = options;
  }

  /** Whether the thread is up (it starts on a request and stops after `idleMs` without one, or when it fails). */
  get running(): boolean {
    return this.#running !== null;
  }

  /** The worker's answer, or null when it failed or stopped first. */
  async request(body: Omit<Request, 'id'>, transfer: readonly TransferListItem[] = []): Promise<Answer | null> {
    const running = (this.#running ??= this.#start());
    const id = this.#nextId++;
    const answer = await new Promise<Answer | null>((settle) => {
      running.waiting.set(id, settle);
      running.port.ref();
      running.port.postMessage({ ...body, id }, transfer);
    });
    this.#stopWhenIdle();
    return answer;
  }

  #start(): Running<Answer> {
    const { port1, port2 } = new MessageChannel();
    const onFailure = 'workerData.port.postMessage({ id: -1, error: String(error && error.stack || error) });';
    const worker = new Worker(workerBootstrap(this.#options.callerUrl, this.#options.moduleBase, onFailure), {
      eval: true,
      workerData: { port: port2 },
      transferList: [port2],
    });
    worker.unref();
    const waiting = new Map<number, (answer: Answer | null) => void>();
    const failAll = () => {
      for (const settle of waiting.values()) settle(null);
      waiting.clear();
    };
    port1.on('message', (answer: Answer) => {
      const settle = waiting.get(answer.id);
      if (answer.error !== undefined) process.emitWarning(`Kachi ${this.#options.name} worker failed: ${answer.error}`);
      if (settle === undefined) failAll();
      else {
        waiting.delete(answer.id);
        settle(answer.error === undefined ? answer : null);
      }
      if (waiting.size === 0) port1.unref();
    });
    port1.unref();
    worker.once('exit', () => {
      failAll();
      if (this.#running?.worker === worker) this.#running = null;
    });
    return { worker, port: port1, waiting };
  }

  #stopWhenIdle(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#running === null || this.#running.waiting.size > 0) return;
      const { worker, port } = this.#running;
      this.#running = null;
      port.close();
      void worker.terminate();
    }, this.#options.idleMs);
    this.#idle.unref();
  }
}
