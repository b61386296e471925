// Turns on the one event loop for the task workers of many workspaces: one task at a time, first come first
// served, with a loop turn for requests between two tasks. Without it, every workspace's worker queues its
// next chunk for the same loop phase, and a search waits behind all of them instead of behind one.

export class IndexingTurns {
  #busy = false;
  readonly #waiting: Array<() => void> = [];

  /** Runs `work` when it is this caller's turn; the next waiting worker starts after a turn of the loop. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#busy = false;
      else setImmediate(next); // still busy: handed over, after pending requests had their turn
    }
  }

  /** Workers waiting for their turn (for tests and stats). */
  get waiting(): number {
    return this.#waiting.length;
  }
}
