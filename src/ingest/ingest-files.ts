// `ingestPaths`: files and folders into passages, skipping unchanged files and removing deleted ones.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KachiIndex } from '../engine-types.ts';
import { ingestSource, type SourceOptions } from './ingest-source.ts';
import { deleteSources, PassageWriter, preparePassageIndex, sourcesWhere } from './passage-writer.ts';
import { emptyReport, recordProblem, type IngestReport } from './report.ts';
import { ancestorFolders, walkPaths, type FoundFile } from './walk-files.ts';

export interface IngestFilesOptions extends SourceOptions {
  /** Larger files are skipped as `too_large`. Default 100 MB. */
  maxFileBytes?: number;
  /** Delete passages of files that were under a walked folder and are gone. Default true. */
  removeMissing?: boolean;
  /** Called after each file, for a progress bar. */
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

/**
 * Ingests `paths` (files or folders) into `index`.
 * `await ingestPaths(index, ['./규정집'])` → `{ seen: 12, indexed: 11, failed: [{ reason: 'encrypted', … }], … }`
 */
export async function ingestPaths(index: KachiIndex, paths: string[], options: IngestFilesOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  const report = emptyReport();
  preparePassageIndex(index);
  const walk = await walkPaths(paths);
  report.seen += walk.ignored.length;
  for (const ignored of walk.ignored) recordProblem(report, { source: ignored.path, reason: 'unsupported', message: ignored.message });
  const totalBytes = walk.files.reduce((sum, file) => sum + file.size, 0);
  const writer = new PassageWriter(index);
  let done = 0;
  for (const file of walk.files) {
    report.seen++;
    await ingestFile(index, writer, file, options, report);
    done++;
    report.bytes += file.size;
    options.onProgress?.({ files: done, totalFiles: walk.files.length, bytes: report.bytes, totalBytes });
  }
  writer.flush();
  if (options.removeMissing ?? true) {
    const present = new Set(walk.files.map((file) => file.path));
    for (const folder of walk.folders) {
      const gone = [...sourcesWhere(index, 'folders', folder).keys()].filter((source) => !present.has(source) && !report.removed.includes(source));
      deleteSources(index, gone);
      report.removed.push(...gone);
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

async function ingestFile(index: KachiIndex, writer: PassageWriter, file: FoundFile, options: IngestFilesOptions, report: IngestReport): Promise<void> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (file.size > maxBytes) {
    const message = `${(file.size / 1e6).toFixed(1)} MB is over the ${(maxBytes / 1e6).toFixed(1)} MB limit; raise --max-file-size to index it`;
    recordProblem(report, { source: file.path, reason: 'too_large', message });
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file.path);
  } catch (error) {
    recordProblem(report, { source: file.path, reason: 'corrupt', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  const outcome = await ingestSource(
    index,
    writer,
    {
      source: file.path,
      bytes,
      format: file.format,
      fallbackTitle: basename(file.path),
      extra: { folders: ancestorFolders(file.path), modifiedAt: new Date(file.mtimeMs).toISOString() },
    },
    options,
  );
  if (outcome.status === 'indexed') {
    report.indexed++;
    report.passages += outcome.passages;
  } else recordProblem(report, { source: file.path, reason: outcome.reason, message: outcome.message });
}
