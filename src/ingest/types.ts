// Shapes shared by the parsers, the passage splitter and the writers: extracted text in, passages out.
import type { Document } from '../search-types.ts';

/** One run of text a parser found: a heading or a paragraph, with the page it sits on when the format has pages. */
export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
  /** Heading depth, 1 = top. Only for headings. */
  level?: number;
  /** 1-based page number (PDF). */
  page?: number;
}

/** What every format parser returns: plain text in reading order, cut into blocks. */
export interface ExtractedDocument {
  /** Title from the document's metadata or first heading; '' when it has none. */
  title: string;
  blocks: Block[];
}

/** The formats Kachi reads, named by their usual extension. */
export const FORMATS = ['txt', 'md', 'html', 'pdf', 'docx', 'hwp', 'hwpx', 'csv', 'json', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * A passage as stored in the index. `start`/`end` are UTF-16 offsets into the source's extracted text
 * (its blocks joined by blank lines), so a citation can point at the exact place.
 */
export interface Passage extends Document {
  id: string;
  source: string;
  title: string;
  /** Heading path, outermost first: '1장 총칙 > 제2조'. '' before the first heading. */
  section: string;
  start: number;
  end: number;
  text: string;
  /** SHA-256 of the source's bytes: unchanged sources are skipped by it. */
  sourceHash: string;
  /** Hash of sourceHash + splitter settings + pipeline version; passage ids derive from it. */
  revision: string;
  /** 0-based position of the passage in its source; passage 0 is the source's head record. */
  passage: number;
  format: Format;
}

/** Why a file or page was not indexed. */
export type SkipReason =
  | 'unchanged'
  | 'empty'
  | 'unsupported'
  | 'too_large'
  | 'corrupt'
  | 'truncated'
  | 'encrypted'
  | 'encoding'
  | 'robots'
  | 'not_modified'
  | 'duplicate'
  | 'http_error'
  | 'timeout'
  | 'redirect'
  | 'blocked_address'
  | 'network';
