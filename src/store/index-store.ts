// One index's durable state in SQLite: its documents (the source of truth and the write-ahead log
// of the inverted index), its metadata, the manifest of saved segments, and each document's match tokens
// (index/match-tokens.ts: derived from the document at indexing, for formatting; a document without them
// is formatted by analysing it again, so they need not be written with the document itself).
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite, StatementCache, type OpenSqliteOptions, type SqliteDatabase } from './sqlite.ts';

/** Bump when the tables change; a store of another version is refused at open. */
export const STORE_FORMAT_VERSION = 1;

export interface StoredDocument {
  docNum: number;
  extId: string;
  body: string;
  /** Only when asked for (byDocNums): the document's match tokens, null when it has none. */
  matchTokens?: Uint8Array | null;
}

export interface SegmentRecord {
  name: string;
  minDoc: number;
  maxDoc: number;
  docCount: number;
}

export class IndexStore {
  readonly db: SqliteDatabase;
  readonly dir: string;
  private nextDoc: number;
  private readonly statements: StatementCache;

  constructor(dir: string, options: OpenSqliteOptions = {}) {
    this.dir = dir;
    this.db = openSqlite(join(dir, 'index.db'), options);
    this.statements = new StatementCache(this.db);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (doc_num INTEGER PRIMARY KEY, ext_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS segments (name TEXT PRIMARY KEY, min_doc INTEGER NOT NULL, max_doc INTEGER NOT NULL, doc_count INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS match_tokens (doc_num INTEGER PRIMARY KEY, tokens BLOB NOT NULL);
    `);
    const version = this.getMeta<number>('formatVersion');
    if (version === undefined) this.setMeta('formatVersion', STORE_FORMAT_VERSION);
    else if (version !== STORE_FORMAT_VERSION)
      throw new Error(`index store ${dir} has format version ${version}; this Kachi reads ${STORE_FORMAT_VERSION}`);
    const row = this.prepared('SELECT MAX(doc_num) AS max FROM documents').get() as { max: number | null };
    this.nextDoc = Math.max((row.max ?? -1) + 1, this.getMeta<number>('nextDoc') ?? 0);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta<T>(key: string): T | undefined {
    const row = this.prepared('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.prepared('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      JSON.stringify(value),
    );
  }

  private prepared(sql: string): Database.Statement<unknown[]> {
    return this.statements.get(sql);
  }

  /** Hands out document numbers; they only grow, so a replaced document gets a new one. */
  allocateDocNum(): number {
    return this.nextDoc++;
  }

  /** Remembers the high-water mark so numbers of deleted documents are never reused. */
  saveDocNumCounter(): void {
    this.setMeta('nextDoc', this.nextDoc);
  }

  findByExtIds(extIds: readonly string[]): StoredDocument[] {
    const out: StoredDocument[] = [];
    const select = this.prepared('SELECT doc_num AS docNum, ext_id AS extId, body FROM documents WHERE ext_id = ?');
    for (const id of extIds) {
      const row = select.get(id) as StoredDocument | undefined;
      if (row) out.push(row);
    }
    return out;
  }

  insert(doc: StoredDocument): void {
    this.prepared('INSERT INTO documents (doc_num, ext_id, body) VALUES (?, ?, ?)').run(doc.docNum, doc.extId, doc.body);
  }

  deleteByDocNum(docNum: number): void {
    this.prepared('DELETE FROM documents WHERE doc_num = ?').run(docNum);
    this.prepared('DELETE FROM match_tokens WHERE doc_num = ?').run(docNum);
  }

  deleteAll(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM match_tokens');
  }

  /** Saves documents' match tokens (replacing any), in one transaction. */
  saveMatchTokens(rows: ReadonlyArray<{ docNum: number; tokens: Uint8Array }>): void {
    if (rows.length === 0) return;
    const insert = this.prepared('INSERT OR REPLACE INTO match_tokens (doc_num, tokens) VALUES (?, ?)');
    this.transaction(() => {
      for (const { docNum, tokens } of rows) insert.run(docNum, tokens);
    });
  }

  /** Forgets every document's match tokens: the analysis they came from changed. */
  clearMatchTokens(): void {
    this.db.exec('DELETE FROM match_tokens');
  }

  /** The stored documents of `docNums` that exist, in that order; with their match tokens when asked (null when none). */
  byDocNums(docNums: readonly number[], options: { matchTokens?: boolean } = {}): Map<number, StoredDocument> {
    // one statement for the whole page: a query per document cost more than reading the rows
    const select = this.prepared(
      options.matchTokens
        ? 'SELECT d.doc_num AS docNum, d.ext_id AS extId, d.body, m.tokens AS matchTokens FROM documents d LEFT JOIN match_tokens m ON m.doc_num = d.doc_num WHERE d.doc_num IN (SELECT value FROM json_each(?))'
        : 'SELECT doc_num AS docNum, ext_id AS extId, body FROM documents WHERE doc_num IN (SELECT value FROM json_each(?))',
    );
    const found = new Map<number, StoredDocument>();
    for (let i = 0; i < docNums.length; i += 500)
      for (const row of select.all(JSON.stringify(docNums.slice(i, i + 500))) as StoredDocument[]) found.set(row.docNum, row);
    return inOrder(docNums, found);
  }


  /**
   * The top-level attributes `names` of the stored documents of `docNums` that exist, as JSON text in each document's
   * own key order (missing attributes left out), in the order asked for. Picked inside SQLite: a page of hits that
   * shows a few attributes then neither copies whole bodies into JS strings nor parses them there (100 T2 passages,
   * ids only: about 0.55 ms against 0.85 ms, and 0.8 against 1.5 ms when the pages are not cached yet).
   */
  attributesByDocNums(docNums: readonly number[], names: readonly string[]): Map<number, string> {
    const select = this.prepared(
      // `body -> fullkey` is the value's JSON text as stored: json_each's `value` turns true into 1 and reformats numbers
      'SELECT d.doc_num AS docNum, (SELECT json_group_object(j.key, d.body -> j.fullkey) FROM json_each(d.body) j WHERE j.key IN (SELECT value FROM json_each(@names))) AS picked ' +
        'FROM documents d WHERE d.doc_num IN (SELECT value FROM json_each(@docNums))',
    );
    const found = new Map<number, string>();
    const json = JSON.stringify(names);
    for (let i = 0; i < docNums.length; i += 500)
      for (const row of select.all({ docNums: JSON.stringify(docNums.slice(i, i + 500)), names: json }) as Array<{ docNum: number; picked: string }>)
        found.set(row.docNum, row.picked);
    return inOrder(docNums, found);
  }

  /**
   * Documents in document-number order, read page by page so that the caller may write to the
   * store between pages (better-sqlite3 refuses writes while a statement is still iterating).
   */
  *pages(options: { skipRanges?: ReadonlyArray<[number, number]>; pageSize?: number } = {}): IterableIterator<StoredDocument[]> {
    // Read only between the skipped ranges: a filter on every row would walk the whole table (at
    // restart, every document is in a saved segment, and walking 300 MB of rows cost ~0.4 s).
    const ranges = mergeRanges(options.skipRanges ?? []);
    const select = this.prepared('SELECT doc_num AS docNum, ext_id AS extId, body FROM documents WHERE doc_num > ? AND doc_num < ? ORDER BY doc_num LIMIT ?');
    let after = -1;
    let r = 0; // ranges[r] is the first skipped range that ends after `after`
    for (;;) {
      while (r < ranges.length && ranges[r]![1] <= after) r++;
      const next = ranges[r];
      if (next && next[0] <= after + 1) {
        after = next[1];
        continue;
      }
      const page = select.all(after, next ? next[0] : Number.MAX_SAFE_INTEGER, options.pageSize ?? 1000) as StoredDocument[];
      if (page.length > 0) {
        yield page;
        after = page[page.length - 1]!.docNum;
      } else if (next) after = next[1];
      else return;
    }
  }


  /** Documents in document-number order (a live statement: do not write to the store meanwhile). */
  *iterate(options: { offset?: number; limit?: number } = {}): IterableIterator<StoredDocument> {
    const sql = 'SELECT doc_num AS docNum, ext_id AS extId, body FROM documents ORDER BY doc_num LIMIT ? OFFSET ?';
    yield* this.db.prepare(sql).iterate(options.limit ?? -1, options.offset ?? 0) as IterableIterator<StoredDocument>;
  }

  allDocNums(): Uint32Array {
    // Without ORDER BY, SQLite reads the numbers from the (small) ext_id index instead of walking the
    // table's rows; sorting them here is cheaper. pluck: one number per row, not a row array.
    return Uint32Array.from(this.prepared('SELECT doc_num FROM documents').pluck().all() as number[]).sort();
  }

  count(): number {
    return (this.prepared('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
  }

  /** Bytes of the database files (documents, metadata and WAL). */
  databaseSize(): number {
    const page = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    return page * pages;
  }

  segments(): SegmentRecord[] {
    return this.db
      .prepare('SELECT name, min_doc AS minDoc, max_doc AS maxDoc, doc_count AS docCount FROM segments ORDER BY min_doc')
      .all() as SegmentRecord[];
  }

  /** Replaces segment records in one transaction (the files must already be durable). */
  replaceSegments(removed: readonly string[], added: readonly SegmentRecord[]): void {
    const del = this.prepared('DELETE FROM segments WHERE name = ?');
    const ins = this.prepared('INSERT INTO segments (name, min_doc, max_doc, doc_count) VALUES (?, ?, ?, ?)');
    this.transaction(() => {
      removed.forEach((name) => del.run(name));
      added.forEach((s) => ins.run(s.name, s.minDoc, s.maxDoc, s.docCount));
    });
  }

  close(): void {
    this.db.close();
  }
}

/** Sorted, with overlapping or touching ranges joined. */
function mergeRanges(ranges: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [min, max] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && min <= last[1] + 1) last[1] = Math.max(last[1], max);
    else out.push([min, max]);
  }
  return out;
}

/** The entries of `found` in the order of `docNums`, those missing left out. */
function inOrder<T>(docNums: readonly number[], found: ReadonlyMap<number, T>): Map<number, T> {
  const out = new Map<number, T>();
  for (const n of docNums) {
    const row = found.get(n);
    if (row !== undefined) out.set(n, row);
  }
  return out;
}
