// A token bucket: `rate` tokens per second, at most `capacity` saved up. Times are passed in, so tests use a fake clock.

export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly rate: number,
    readonly capacity: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  /**
   * Takes `amount` tokens if there are enough and returns 0; otherwise takes nothing and returns the
   * seconds to wait (at least 1) before there will be. `amount` above `capacity` can never pass: Infinity.
   */
  take(amount: number, now: number): number {
    if (amount > this.capacity) return Infinity;
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#updatedAt) / 1000) * this.rate);
    this.#updatedAt = now;
    if (this.#tokens >= amount) {
      this.#tokens -= amount;
      return 0;
    }
    return Math.max(1, Math.ceil((amount - this.#tokens) / this.rate));
  }
}
