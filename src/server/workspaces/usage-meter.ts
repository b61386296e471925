// Usage per workspace and per UTC day: searches, asks, ingested bytes and stored bytes. Counted in memory
// and added to the workspace's server.db every few seconds and at close, so a search costs no disk write;
// a crash loses at most the last few seconds of counts.
import type { SqliteDatabase } from '../../store/sqlite.ts';

export interface UsageDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  searches: number;
  asks: number;
  ingestedBytes: number;
  /** The data folder's size at the last measurement of that day. */
  storedBytes: number;
}

type Counter = 'searches' | 'asks' | 'ingestedBytes';

const SCHEMA = `CREATE TABLE IF NOT EXISTS usage_daily (
  date TEXT PRIMARY KEY, searches INTEGER NOT NULL, asks INTEGER NOT NULL,
  ingested_bytes INTEGER NOT NULL, stored_bytes INTEGER NOT NULL)`;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function emptyDay(date: string): UsageDay {
  return { date, searches: 0, asks: 0, ingestedBytes: 0, storedBytes: 0 };
}

export class UsageMeter {
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  /** Not yet written: counter deltas, and the latest stored size, per day. */
  #pending = new Map<string, UsageDay & { measured: boolean }>();

  constructor(db: SqliteDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    db.exec(SCHEMA);
  }

  #today(): UsageDay & { measured: boolean } {
    const date = utcDay(this.#now());
    let day = this.#pending.get(date);
    if (day === undefined) {
      day = { ...emptyDay(date), measured: false };
      this.#pending.set(date, day);
    }
    return day;
  }

  /** True when counts wait to be written. */
  get pending(): boolean {
    return this.#pending.size > 0;
  }

  add(counter: Counter, amount = 1): void {
    this.#today()[counter] += amount;
  }

  recordStorage(bytes: number): void {
    const day = this.#today();
    day.storedBytes = bytes;
    day.measured = true;
  }

  /** Adds the pending counts to the table in one transaction. */
  flush(): void {
    if (this.#pending.size === 0) return;
    const upsert = this.#db.prepare(
      `INSERT INTO usage_daily (date, searches, asks, ingested_bytes, stored_bytes) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (date) DO UPDATE SET searches = searches + excluded.searches, asks = asks + excluded.asks,
       ingested_bytes = ingested_bytes + excluded.ingested_bytes,
       stored_bytes = CASE WHEN ? THEN excluded.stored_bytes ELSE stored_bytes END`,
    );
    const days = [...this.#pending.values()];
    this.#pending = new Map();
    this.#db.transaction(() => {
      for (const d of days) upsert.run(d.date, d.searches, d.asks, d.ingestedBytes, d.storedBytes, d.measured ? 1 : 0);
    })();
  }

  /** Days from `from` to `to` (inclusive, `YYYY-MM-DD`) that saw any use, oldest first. */
  days(from: string, to: string): UsageDay[] {
    this.flush();
    const rows = this.#db
      .prepare(
        `SELECT date, searches, asks, ingested_bytes AS ingestedBytes, stored_bytes AS storedBytes
         FROM usage_daily WHERE date >= ? AND date <= ? ORDER BY date`,
      )
      .all(from, to) as UsageDay[];
    return rows;
  }

  /** Every recorded day, for an export. */
  all(): UsageDay[] {
    return this.days('0000-00-00', '9999-99-99');
  }

  /** Restores days from an archive (replacing any with the same date). */
  restore(days: readonly UsageDay[]): void {
    const put = this.#db.prepare(
      'INSERT OR REPLACE INTO usage_daily (date, searches, asks, ingested_bytes, stored_bytes) VALUES (?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const d of days) put.run(d.date, d.searches, d.asks, d.ingestedBytes, d.storedBytes);
    })();
  }
}
