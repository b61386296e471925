// Lists the files to ingest under the given paths: readable formats only, hidden folders skipped.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatOfPath } from './extract.ts';
import type { Format } from './types.ts';

export interface FoundFile {
  path: string;
  size: number;
  format: Format;
  mtimeMs: number;
}

export interface WalkResult {
  files: FoundFile[];
  /** Files whose extension Kachi does not read, or paths that could not be listed. */
  ignored: Array<{ path: string; message: string }>;
  /** Absolute folders walked: sources under them that no longer exist are removed. */
  folders: string[];
}

/** Folders never worth indexing: version control, dependencies, caches. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__']);

export async function walkPaths(paths: string[]): Promise<WalkResult> {
  const result: WalkResult = { files: [], ignored: [], folders: [] };
  for (const path of paths) {
    const absolute = resolve(path);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      result.ignored.push({ path: absolute, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    if (info.isDirectory()) {
      result.folders.push(absolute);
      await walkFolder(absolute, result);
    } else addFile(absolute, info.size, info.mtimeMs, result);
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

async function walkFolder(folder: string, result: WalkResult): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walkFolder(path, result);
    } else if (entry.isFile()) {
      const info = await stat(path);
      addFile(path, info.size, info.mtimeMs, result);
    }
  }
}

function addFile(path: string, size: number, mtimeMs: number, result: WalkResult): void {
  const format = formatOfPath(path);
  if (format === null) result.ignored.push({ path, message: 'not a format Kachi reads (txt, md, html, pdf, docx, hwp, hwpx, csv, json, jsonl)' });
  else result.files.push({ path, size, format, mtimeMs });
}

/** `/a/b/c.txt` → `['/a', '/a/b']`: stored on each passage so a folder's sources can be listed by filter. */
export function ancestorFolders(path: string): string[] {
  const folders: string[] = [];
  let at = path.lastIndexOf('/');
  while (at > 0) {
    folders.unshift(path.slice(0, at));
    at = path.lastIndexOf('/', at - 1);
  }
  if (path.startsWith('/')) folders.unshift('/');
  return folders;
}
