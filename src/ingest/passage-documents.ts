// Turns one source's extracted text into the passage documents the index stores, with stable ids.
import { createHash } from 'node:crypto';
import type { Json } from '../search-types.ts';
import { DEFAULT_SPLIT, splitPassages, type SplitOptions } from './passages.ts';
import type { ExtractedDocument, Format, Passage } from './types.ts';

/** Bump when parsing or splitting changes, so every source is re-indexed once with the new output. */
export const PIPELINE_VERSION = 1;

export interface SourceInfo {
  /** Absolute file path, upload name or canonical URL: the key a re-ingest replaces by. */
  source: string;
  format: Format;
  sourceHash: string;
  /** Used when the document has no title of its own (a file name, a URL). */
  fallbackTitle: string;
  /** Extra fields stored on every passage: `folders`, `site`, `url`, `modifiedAt`… */
  extra?: { [field: string]: Json };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The revision names the content and the settings that cut it: same bytes, other settings → new passages. */
export function revisionOf(sourceHash: string, split: SplitOptions = {}): string {
  const { maxChars, overlapChars } = { ...DEFAULT_SPLIT, ...split };
  return sha256(`${sourceHash}|${PIPELINE_VERSION}|${maxChars}|${overlapChars}`).slice(0, 16);
}

/**
 * Passage ids are `<source key>-<revision>-<n>`: a new revision never overwrites the passages being
 * replaced, so they can be added first and the old ones deleted after (see passage-writer.ts).
 */
export function passageId(source: string, revision: string, n: number): string {
  return `${sha256(source).slice(0, 16)}-${revision}-${n}`;
}

export function buildPassages(info: SourceInfo, extracted: ExtractedDocument, split: SplitOptions = {}): Passage[] {
  const revision = revisionOf(info.sourceHash, split);
  const { spans } = splitPassages(extracted, split);
  const title = extracted.title || info.fallbackTitle;
  return spans.map((span, n) => {
    const passage: Passage = {
      id: passageId(info.source, revision, n),
      source: info.source,
      title,
      section: span.section,
      start: span.start,
      end: span.end,
      text: span.text,
      sourceHash: info.sourceHash,
      revision,
      passage: n,
      passages: spans.length,
      format: info.format,
      ...info.extra,
    };
    if (span.page !== undefined) passage.page = span.page;
    if (span.pageEnd !== undefined) passage.pageEnd = span.pageEnd;
    return passage;
  });
}
