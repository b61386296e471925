// hwp (HWP 5.x, an OLE2 file of compressed records): @ohah/hwpjs converts it to markdown, which the
// markdown reader splits by the outline headings Hangul writes as `#`.
import { fileHeader, toJson, toMarkdown } from '@ohah/hwpjs';
import { asProblem, IngestProblem } from '../problems.ts';
import type { ExtractedDocument } from '../types.ts';
import { isCfb, looksTruncatedCfb } from './containers.ts';
import { parseMarkdown } from './markdown.ts';

/** hwpjs opens every document with this placeholder heading; it is not the document's text. */
const PLACEHOLDER = /^# HWP 문서\s*/;

export function parseHwp(bytes: Uint8Array): ExtractedDocument {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isCfb(buffer)) {
    if (buffer.subarray(0, 17).toString('latin1') === 'HWP Document File')
      throw new IngestProblem('unsupported', 'The file is an HWP 3.0 document; open it in Hangul and save it as HWP 5 or HWPX.');
    throw new IngestProblem('corrupt', 'The file is not an HWP 5 document (no OLE2 header); check that it opens in Hangul.');
  }
  if (looksTruncatedCfb(buffer)) throw new IngestProblem('truncated', 'The HWP file is truncated; copy the complete file again.');
  try {
    const header = JSON.parse(fileHeader(buffer)) as { document_flags?: string[] };
    // Bit 1 of the header's properties: the body streams are encrypted with the document password.
    if (header.document_flags?.includes('encrypted'))
      throw new IngestProblem('encrypted', 'The HWP file is password-protected; save an unprotected copy to index it.');
    const { markdown } = toMarkdown(buffer, { image: 'blob', includeVersion: false, includePageInfo: false });
    // Footnote markers ([^1]) only point at the notes, which follow as their own paragraphs.
    const parsed = parseMarkdown(markdown.replace(PLACEHOLDER, '').replace(/\[\^\d+\]/g, ''));
    // Not the first heading: in HWP that is an outline number such as '1. 1', a poor title.
    return { title: summaryTitle(buffer), blocks: parsed.blocks };
  } catch (error) {
    throw asProblem(error, 'The HWP file');
  }
}

/** The title typed in 문서 정보 (File → Document info), kept in the summary information stream. */
function summaryTitle(buffer: Buffer): string {
  try {
    const json = JSON.parse(toJson(buffer)) as { summary_information?: { title?: unknown } | null };
    const title = json.summary_information?.title;
    return typeof title === 'string' ? title.trim() : '';
  } catch {
    // The body was readable, so a broken summary only costs the title.
    return '';
  }
}
