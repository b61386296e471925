// Uploaded files (the server's POST /indexes/:uid/ingest) into passages. An upload's source is its
// file name, so uploading a new version of `규정.hwp` replaces the passages of the old one.
import type { KachiIndex } from '../engine-types.ts';
import type { Json } from '../search-types.ts';
import { formatOfPath } from './extract.ts';
import { ingestSource, type SourceOptions } from './ingest-source.ts';
import { PassageWriter, preparePassageIndex } from './passage-writer.ts';
import { emptyReport, recordProblem, type IngestReport } from './report.ts';
import { unpackUploads, type UploadedFile } from './upload-bundle.ts';

export async function ingestUploads(index: KachiIndex, files: UploadedFile[], options: SourceOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  const report = emptyReport();
  preparePassageIndex(index);
  const writer = new PassageWriter(index);
  for (const file of files) {
    report.seen++;
    const source = file.name;
    const format = formatOfPath(file.name);
    if (file.truncatedAt !== undefined) {
      recordProblem(report, { source, reason: 'too_large', message: `over the ${(file.truncatedAt / 1e6).toFixed(1)} MB upload limit per file` });
      continue;
    }
    if (format === null) {
      recordProblem(report, { source, reason: 'unsupported', message: 'not a format Kachi reads (txt, md, html, pdf, docx, hwp, hwpx, csv, json, jsonl)' });
      continue;
    }
    report.bytes += file.bytes.length;
    const outcome = await ingestSource(index, writer, { source, bytes: file.bytes, format, fallbackTitle: file.name, extra: { upload: true } }, options);
    if (outcome.status === 'indexed') {
      report.indexed++;
      report.passages += outcome.passages;
    } else recordProblem(report, { source, reason: outcome.reason, message: outcome.message });
  }
  writer.flush();
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** Runs a `documentIngestion` task: its payload is a packed upload; the report becomes the task's details. */
export async function runIngestionTask(index: KachiIndex, payload: Buffer, details: { [key: string]: Json } | null): Promise<{ [key: string]: Json }> {
  const report = await ingestUploads(index, unpackUploads(payload));
  const entries = (list: IngestReport['failed']): Json => list.map((entry) => ({ file: entry.source, reason: entry.reason, message: entry.message }));
  return {
    ...details,
    indexedFiles: report.indexed,
    indexedPassages: report.passages,
    skippedFiles: entries(report.skipped),
    failedFiles: entries(report.failed),
  };
}
