// `kachi ingest <path…> --index NAME`: files and folders into citable passages, with a progress bar
// and a final report. A file that cannot be read is reported and skipped; the run goes on.
import { KachiError } from '../errors.ts';
import { ingestPaths, DEFAULT_MAX_FILE_BYTES } from '../ingest/ingest-files.ts';
import { formatReport } from '../ingest/report.ts';
import { openFromFlags, parse } from './common.ts';
import { ProgressBar } from './progress.ts';

export const INGEST_USAGE =
  'kachi ingest  <file|folder>... --index NAME [--max-file-size 100MB] [--max-chars 1000] [--overlap 150] [--force] [--keep-missing] [--json]';

/** `'100MB'` → 104857600; plain numbers are bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!match) throw new KachiError('bad_request', `\`${text}\` is not a size; write it like 500KB, 100MB or 2GB.`);
  const unit = (match[2] ?? 'b').toLowerCase()[0] ?? 'b';
  const scale: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  return Math.round(Number(match[1]) * (scale[unit] ?? 1));
}

export function parseCount(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new KachiError('bad_request', `--${name} must be a whole number, not \`${text}\`.`);
  return value;
}

export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    index: { type: 'string' },
    'max-file-size': { type: 'string' },
    'max-chars': { type: 'string' },
    overlap: { type: 'string' },
    force: { type: 'boolean' },
    'keep-missing': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0 || !values.index) {
    console.error(`usage: ${INGEST_USAGE}`);
    return 2;
  }
  const engine = openFromFlags(values['db-path']);
  try {
    const index = engine.hasIndex(values.index) ? engine.getIndex(values.index) : engine.createIndex(values.index, { primaryKey: 'id' });
    let bar: ProgressBar | null = null;
    const report = await ingestPaths(index, positionals, {
      maxFileBytes: values['max-file-size'] ? parseSize(values['max-file-size']) : DEFAULT_MAX_FILE_BYTES,
      split: { maxChars: parseCount(values['max-chars'], 'max-chars', 1000), overlapChars: parseCount(values.overlap, 'overlap', 150) },
      force: values.force ?? false,
      removeMissing: !(values['keep-missing'] ?? false),
      onProgress: (progress) => {
        bar ??= new ProgressBar(progress.totalBytes);
        if (progress.files === progress.totalFiles) bar.finish(progress.files, progress.bytes);
        else bar.update(progress.files, progress.bytes);
      },
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report, 'files'));
    return 0;
  } finally {
    engine.close();
  }
}
