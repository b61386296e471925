// The bytes a folder holds, files in sub-folders included.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Sums file sizes under `path`; a file removed while we walk (a merged segment) simply no longer counts. */
export function folderSize(path: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(path, entry.name);
    try {
      total += entry.isDirectory() ? folderSize(full) : statSync(full).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}
