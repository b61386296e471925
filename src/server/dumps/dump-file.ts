// Dumps: one NDJSON file holding keys, indexes (settings and documents) and finished tasks; written and imported.
import { createReadStream, createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Engine } from '../../engine-types.ts';
import { KachiError } from '../../errors.ts';
import type { Document, Settings } from '../../search-types.ts';
import type { ApiKey, KeyStore } from '../auth/key-store.ts';
import type { TaskStore } from '../tasks/task-store.ts';
import type { TaskRow } from '../tasks/task-types.ts';

export const DUMP_FORMAT = 'kachi-dump';
export const DUMP_VERSION = 1;
const PAGE = 1000;

type DumpLine =
  | { kind: 'header'; format: string; version: number; dumpUid: string; createdAt: string }
  | { kind: 'key'; key: ApiKey }
  | { kind: 'index'; uid: string; primaryKey: string | null; settings: Settings }
  | { kind: 'documents'; indexUid: string; documents: Document[] }
  | { kind: 'task'; task: TaskRow };

export interface DumpSources {
  engine: Engine;
  keys: KeyStore;
  tasks: TaskStore;
}

/** `2024-05-01T12:34:56.789Z` → `20240501-123456789`, Meilisearch's dump uid shape. */
export function newDumpUid(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 23).replace(/[:.]/g, '')}`;
}

export function dumpPath(dbPath: string, dumpUid: string): string {
  return join(dbPath, 'dumps', `${dumpUid}.dump`);
}

/** Writes the dump to a temporary name, then renames it: a dump file is either whole or absent. */
export async function writeDump(dbPath: string, dumpUid: string, sources: DumpSources): Promise<string> {
  mkdirSync(join(dbPath, 'dumps'), { recursive: true });
  const target = dumpPath(dbPath, dumpUid);
  const out = createWriteStream(`${target}.tmp`);
  const write = async (line: DumpLine): Promise<void> => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  await write({ kind: 'header', format: DUMP_FORMAT, version: DUMP_VERSION, dumpUid, createdAt: new Date().toISOString() });
  for (const key of sources.keys.list()) await write({ kind: 'key', key });
  for (const info of sources.engine.listIndexes()) {
    const index = sources.engine.getIndex(info.uid);
    await write({ kind: 'index', uid: info.uid, primaryKey: info.primaryKey, settings: index.getSettings() });
    for (let offset = 0; ; offset += PAGE) {
      const page = index.getDocuments({ offset, limit: PAGE });
      if (page.results.length > 0) await write({ kind: 'documents', indexUid: info.uid, documents: page.results });
      if (page.results.length < PAGE) break;
      await nextTurn();
    }
  }
  for (const task of sources.tasks.finishedTasks()) await write({ kind: 'task', task });
  out.end();
  await once(out, 'finish');
  renameSync(`${target}.tmp`, target);
  return target;
}

/** Loads a dump into an empty data folder: keys, indexes with their settings and documents, finished tasks. */
export async function importDump(file: string, sources: DumpSources): Promise<void> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let first = true;
  const tasks: TaskRow[] = [];
  for await (const text of lines) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as DumpLine;
    if (first) {
      if (line.kind !== 'header' || line.format !== DUMP_FORMAT || line.version > DUMP_VERSION)
        throw new KachiError('unsupported_format_version', `\`${file}\` is not a Kachi dump of version ${DUMP_VERSION} or older.`);
      first = false;
      continue;
    }
    if (line.kind === 'key') sources.keys.put(line.key);
    else if (line.kind === 'index') {
      const index = sources.engine.createIndex(line.uid, { primaryKey: line.primaryKey });
      index.updateSettings(line.settings);
    } else if (line.kind === 'documents') {
      const index = sources.engine.getIndex(line.indexUid);
      index.addDocuments(line.documents, { primaryKey: index.info().primaryKey ?? undefined });
      await nextTurn();
    } else if (line.kind === 'task') tasks.push(line.task);
  }
  if (first) throw new KachiError('unsupported_format_version', `\`${file}\` is empty.`);
  sources.tasks.importFinished(tasks);
}
