// Politeness per host: at most `concurrency` requests in flight, and request starts at least `delayMs` apart.
import { setTimeout as sleep } from 'node:timers/promises';

export interface PacerOptions {
  delayMs: number;
  concurrency: number;
  /** Clock and sleep, replaceable in tests. Defaults: performance.now and timers/promises. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

interface HostState {
  active: number;
  nextStart: number;
  /** Serializes waiters so that starts are handed out in arrival order. */
  chain: Promise<void>;
  delayMs: number;
}

export class HostPacer {
  readonly #options: PacerOptions;
  readonly #hosts = new Map<string, HostState>();
  readonly #released = new Set<() => void>();

  constructor(options: PacerOptions) {
    this.#options = options;
  }

  /** Raises one host's delay (a robots.txt Crawl-delay); never lowers it below the configured one. */
  setDelay(host: string, delayMs: number): void {
    const state = this.#state(host);
    state.delayMs = Math.max(this.#options.delayMs, delayMs);
  }

  /**
   * Waits for a slot on `host`; call the returned function when the request is done.
   * `const release = await pacer.acquire('example.com'); try { … } finally { release(); }`
   */
  async acquire(host: string): Promise<() => void> {
    const state = this.#state(host);
    const now = this.#options.now ?? (() => performance.now());
    const wait = this.#options.sleep ?? sleep;
    const turn = state.chain.then(async () => {
      while (state.active >= this.#options.concurrency) await new Promise<void>((resolve) => this.#released.add(resolve));
      const delay = state.nextStart - now();
      if (delay > 0) await wait(delay);
      state.active++;
      state.nextStart = now() + state.delayMs;
    });
    state.chain = turn.catch(() => undefined);
    await turn;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      state.active--;
      const waiters = [...this.#released];
      this.#released.clear();
      for (const wake of waiters) wake();
    };
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (state === undefined) {
      state = { active: 0, nextStart: 0, chain: Promise.resolve(), delayMs: this.#options.delayMs };
      this.#hosts.set(host, state);
    }
    return state;
  }
}
