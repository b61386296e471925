// One source through the pipeline: hash → skip if unchanged → parse → passages → queued for writing.
import type { KachiIndex } from '../engine-types.ts';
import type { Json } from '../search-types.ts';
import { extractDocument } from './extract.ts';
import { buildPassages, revisionOf, sha256 } from './passage-documents.ts';
import { sourceHeads, type PassageWriter } from './passage-writer.ts';
import type { SplitOptions } from './passages.ts';
import { asProblem } from './problems.ts';
import type { ExtractedDocument, Format, SkipReason } from './types.ts';

export interface SourceInput {
  source: string;
  bytes: Uint8Array;
  format: Format;
  fallbackTitle: string;
  /** Charset declared outside the bytes (HTTP `Content-Type`). */
  charset?: string | null;
  extra?: { [field: string]: Json };
  /** Text already extracted by the caller (the crawler parses HTML once for links and text). */
  extracted?: ExtractedDocument;
}

export interface SourceOptions {
  split?: SplitOptions;
  /** Re-index even when the stored revision matches. Default false. */
  force?: boolean;
}

export type SourceOutcome =
  | { status: 'indexed'; passages: number; revision: string }
  | { status: 'problem'; reason: SkipReason; message: string };

export async function ingestSource(index: KachiIndex, writer: PassageWriter, input: SourceInput, options: SourceOptions = {}): Promise<SourceOutcome> {
  const sourceHash = sha256(input.bytes);
  const revision = revisionOf(sourceHash, options.split);
  const heads = sourceHeads(index, input.source);
  if (!options.force && heads.some((head) => head.revision === revision)) {
    if (heads.length > 1) writer.dropStale(input.source, revision);
    return { status: 'problem', reason: 'unchanged', message: 'unchanged since the last ingest' };
  }
  try {
    const extracted = input.extracted ?? (await extractDocument(input.bytes, input.format, input.charset));
    const passages = buildPassages({ source: input.source, format: input.format, sourceHash, fallbackTitle: input.fallbackTitle, extra: input.extra }, extracted, options.split);
    // An empty source still replaces what was stored, so text deleted from a file disappears from search.
    writer.replace(input.source, revision, passages);
    if (passages.length === 0)
      return { status: 'problem', reason: 'empty', message: input.format === 'pdf' ? 'no text layer (a scanned PDF needs OCR first)' : 'no text found' };
    return { status: 'indexed', passages: passages.length, revision };
  } catch (error) {
    const problem = asProblem(error, 'The file');
    return { status: 'problem', reason: problem.reason, message: problem.message };
  }
}
