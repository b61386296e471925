// Dumps: a whole data folder (keys, indexes with settings and documents, finished tasks) in Kachi's archive format.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KACHI_VERSION } from '../routes/system.ts';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveWriter, readArchive, restoreLine, type ArchiveSources } from './archive.ts';
import type { TaskRow } from '../tasks/task-types.ts';

export type DumpSources = ArchiveSources;

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
  const writer = new ArchiveWriter(dumpPath(dbPath, dumpUid));
  try {
    await writer.line({
      kind: 'header',
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      scope: 'server',
      dumpUid,
      createdAt: new Date().toISOString(),
      kachiVersion: KACHI_VERSION,
    });
    await writer.contents(sources);
    return (await writer.finish()).path;
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/** Loads a dump (version 1 or 2) into an empty data folder: keys, indexes with their settings and documents, finished tasks. */
export async function importDump(file: string, sources: DumpSources): Promise<void> {
  const tasks: TaskRow[] = [];
  for await (const line of readArchive(file)) await restoreLine(line, sources, tasks);
  sources.tasks.importFinished(tasks);
}
