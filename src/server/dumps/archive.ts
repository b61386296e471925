// Kachi's one archive format, for dumps (`POST /dumps`) and workspace exports alike: NDJSON, versioned,
// ending with a checksum line so a truncated or corrupted file is refused. Documented in docs/archive-format.md.
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Alert } from '../../alerts/types.ts';
import type { Engine, KachiIndex } from '../../engine-types.ts';
import { KachiError } from '../../errors.ts';
import { KachiIndexImpl } from '../../kachi-index.ts';
import type { Document, Settings } from '../../search-types.ts';
import type { ApiKey, KeyStore } from '../auth/key-store.ts';
import type { TaskStore } from '../tasks/task-store.ts';
import type { TaskRow } from '../tasks/task-types.ts';

export const ARCHIVE_FORMAT = 'kachi-dump';
/** 1: dumps without a checksum (still read). 2: `end` line with line count, byte count and SHA-256. */
export const ARCHIVE_VERSION = 2;
/** A `documents` line holds at most this many documents, or about this many bytes (or one larger document). */
const PAGE = 256;
const PAGE_BYTES = 1 << 20;
/** Documents per engine write when an archive is restored. */
const RESTORE_SLICE = 64;

export interface ArchiveHeader {
  kind: 'header';
  format: string;
  version: number;
  /** `server`: a dump of a whole data folder; `workspace`: one workspace's export. */
  scope: 'server' | 'workspace';
  dumpUid: string;
  createdAt: string;
  kachiVersion?: string;
  /** Workspace exports: its id, name, limits, dates and sealed secret. */
  workspace?: { [key: string]: unknown };
}

export type ArchiveLine =
  | ArchiveHeader
  | { kind: 'key'; key: ApiKey & { hash?: string | null } }
  | { kind: 'index'; uid: string; primaryKey: string | null; settings: Settings; createdAt?: string }
  | { kind: 'documents'; indexUid: string; documents: Document[] }
  | { kind: 'task'; task: TaskRow }
  | { kind: 'alert'; alert: Alert }
  | { kind: 'usage'; day: { [key: string]: unknown } }
  | { kind: 'end'; lines: number; bytes: number; sha256: string; documents: Record<string, number> };

/** Where a context's archived contents come from and go to. */
export interface ArchiveSources {
  engine: Engine;
  keys: KeyStore;
  tasks: TaskStore;
  /** Alerts at rest; workspace exports carry them (server dumps do not, yet). */
  alerts?: { list(): Alert[]; put(alert: Alert): void };
}

/** Writes lines to `<target>.tmp`, hashing them; `finish` adds the `end` line, fsyncs and renames. */
export class ArchiveWriter {
  readonly #target: string;
  readonly #out: WriteStream;
  readonly #hash: Hash = createHash('sha256');
  #lines = 0;
  #bytes = 0;
  readonly documents: Record<string, number> = {};

  constructor(target: string) {
    this.#target = target;
    this.#out = createWriteStream(`${target}.tmp`);
  }

  /** Writes one line of JSON text given in pieces (their concatenation, without the newline). */
  async text(...pieces: string[]): Promise<void> {
    pieces.push('\n');
    for (const piece of pieces) {
      this.#hash.update(piece);
      this.#bytes += Buffer.byteLength(piece);
      if (!this.#out.write(piece)) await once(this.#out, 'drain');
    }
    this.#lines++;
  }

  async line(line: Exclude<ArchiveLine, { kind: 'end' }>): Promise<void> {
    await this.text(JSON.stringify(line));
  }

  /** Writes an index's settings and all its documents, page by page, as stored (hidden fields included). */
  async index(engine: Engine, uid: string): Promise<void> {
    const index = engine.getIndex(uid);
    const info = index.info();
    await this.line({ kind: 'index', uid, primaryKey: info.primaryKey, settings: index.getSettings(), createdAt: info.createdAt });
    this.documents[uid] = 0;
    for (const bodies of storedPages(index)) {
      // Stored bodies are JSON already: joined as they are, never parsed and re-serialized.
      const pieces = bodies.map((body, i) => (i === 0 ? body : `,${body}`));
      await this.text(`{"kind":"documents","indexUid":${JSON.stringify(uid)},"documents":[`, ...pieces, ']}');
      this.documents[uid] += bodies.length;
      await nextTurn();
    }
  }

  /** Keys (with their hashes), every index with its documents, and finished tasks (without internal params). */
  async contents(sources: ArchiveSources): Promise<void> {
    for (const key of sources.keys.list()) await this.line({ kind: 'key', key: { ...key, hash: sources.keys.hashOf(key.uid) } });
    for (const info of sources.engine.listIndexes()) await this.index(sources.engine, info.uid);
    for (const alert of sources.alerts?.list() ?? []) await this.line({ kind: 'alert', alert });
    for (const task of sources.tasks.finishedTasks()) await this.line({ kind: 'task', task: { ...task, params: {} } });
  }

  async finish(): Promise<{ path: string; bytes: number; sha256: string }> {
    const sha256 = this.#hash.digest('hex');
    const end = { kind: 'end', lines: this.#lines, bytes: this.#bytes, sha256, documents: this.documents };
    const chunk = `${JSON.stringify(end)}\n`;
    this.#out.end(chunk);
    await once(this.#out, 'finish');
    const fd = openSync(`${this.#target}.tmp`, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${this.#target}.tmp`, this.#target);
    return { path: this.#target, bytes: this.#bytes + Buffer.byteLength(chunk), sha256 };
  }

  /** Removes the partial file after a failure. */
  abort(): void {
    this.#out.destroy();
    rmSync(`${this.#target}.tmp`, { force: true });
  }
}

/** Raw stored document bodies in document-number order, in groups bounded by count and bytes. */
function* storedPages(index: KachiIndex): Generator<string[]> {
  if (index instanceof KachiIndexImpl) {
    let group: string[] = [];
    let bytes = 0;
    for (const page of index.store.pages({ pageSize: 16 }))
      for (const { body } of page) {
        group.push(body);
        bytes += body.length * 3;
        if (group.length >= PAGE || bytes >= PAGE_BYTES) {
          yield group;
          group = [];
          bytes = 0;
        }
      }
    if (group.length > 0) yield group;
    return;
  }
  for (let offset = 0; ; offset += PAGE) {
    const page = index.getDocuments({ offset, limit: PAGE });
    if (page.results.length > 0) yield page.results.map((doc) => JSON.stringify(doc));
    if (page.results.length < PAGE) return;
  }
}

function invalid(file: string, why: string): KachiError {
  return new KachiError('invalid_archive', `\`${file}\` is not a whole Kachi archive: ${why}. Nothing was imported from it.`);
}

/**
 * Reads an archive line by line. Version 2 is checked against its `end` line (line count and SHA-256 of
 * every byte before it); the check completes when the last line has been read, so an importer must keep
 * what it builds aside until this generator has returned.
 */
export async function* readArchive(file: string): AsyncGenerator<Exclude<ArchiveLine, { kind: 'end' }>> {
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const hash = createHash('sha256');
  let header: ArchiveHeader | null = null;
  let count = 0;
  let bytes = 0;
  let end: Extract<ArchiveLine, { kind: 'end' }> | null = null;
  const documents: Record<string, number> = {};
  try {
    for await (const text of lines) {
      if (end !== null) throw invalid(file, 'it has lines after its end line');
      if (header === null && text.trim() === '') continue;
      let line: ArchiveLine;
      try {
        line = JSON.parse(text) as ArchiveLine;
      } catch {
        throw invalid(file, `line ${count + 1} is not JSON (the file is truncated or corrupted)`);
      }
      if (header === null) {
        if (line.kind !== 'header' || line.format !== ARCHIVE_FORMAT || typeof line.version !== 'number' || line.version > ARCHIVE_VERSION)
          throw new KachiError('unsupported_format_version', `\`${file}\` is not a Kachi archive of version ${ARCHIVE_VERSION} or older.`);
        header = line;
      }
      if (line.kind === 'end') {
        end = line;
        continue;
      }
      const chunk = `${text}\n`;
      hash.update(chunk);
      count++;
      bytes += Buffer.byteLength(chunk);
      if (line.kind === 'documents') documents[line.indexUid] = (documents[line.indexUid] ?? 0) + line.documents.length;
      yield line;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (header === null) throw new KachiError('unsupported_format_version', `\`${file}\` is empty.`);
  if (header.version < 2) return;
  if (end === null) throw invalid(file, 'its end line is missing (the file is truncated)');
  if (end.lines !== count || end.bytes !== bytes || end.sha256 !== hash.digest('hex'))
    throw invalid(file, 'its checksum does not match its contents (the file is corrupted)');
  for (const [uid, n] of Object.entries(end.documents ?? {}))
    if ((documents[uid] ?? 0) !== n) throw invalid(file, `index \`${uid}\` should hold ${n} documents`);
}

/** Restores one content line (key, index, documents) into `sources`; finished tasks are gathered in `tasks`. */
export async function restoreLine(line: Exclude<ArchiveLine, { kind: 'end' }>, sources: ArchiveSources, tasks: TaskRow[]): Promise<void> {
  if (line.kind === 'key') {
    const { hash: _hash, ...key } = line.key;
    sources.keys.put(key);
  } else if (line.kind === 'index') {
    const index = sources.engine.createIndex(line.uid, { primaryKey: line.primaryKey });
    index.updateSettings(line.settings);
  } else if (line.kind === 'documents') {
    const index = sources.engine.getIndex(line.indexUid);
    // In slices, with a loop turn after each: an import runs inside a live server, beside its searches.
    for (let start = 0; start < line.documents.length; start += RESTORE_SLICE) {
      index.addDocuments(line.documents.slice(start, start + RESTORE_SLICE), { primaryKey: index.info().primaryKey ?? undefined });
      await nextTurn();
    }
  } else if (line.kind === 'alert') sources.alerts?.put(line.alert);
  else if (line.kind === 'task') tasks.push(line.task);
}
