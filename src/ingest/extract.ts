// Picks the parser for a file or a fetched page (by extension or content type) and runs it.
import { extname } from 'node:path';
import { charsetFromMeta, decodeText } from './encoding.ts';
import { parseDocx } from './formats/docx.ts';
import { parseHtml } from './formats/html.ts';
import { parseHwp } from './formats/hwp.ts';
import { parseHwpx } from './formats/hwpx.ts';
import { parseMarkdown } from './formats/markdown.ts';
import { parsePdf } from './formats/pdf.ts';
import { parsePlainText } from './formats/plain-text.ts';
import { parseCsv, parseJson, parseJsonLines } from './formats/tabular.ts';
import { IngestProblem } from './problems.ts';
import type { ExtractedDocument, Format } from './types.ts';

const EXTENSIONS: Record<string, Format> = {
  '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.pdf': 'pdf', '.docx': 'docx', '.hwp': 'hwp', '.hwpx': 'hwpx', '.csv': 'csv', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl',
};

const CONTENT_TYPES: Record<string, Format> = {
  'text/html': 'html', 'application/xhtml+xml': 'html', 'text/plain': 'txt', 'text/markdown': 'md', 'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx', 'application/x-hwp': 'hwp',
  'application/haansofthwp': 'hwp', 'application/vnd.hancom.hwp': 'hwp', 'application/hwp+zip': 'hwpx',
  'application/haansofthwpx': 'hwpx', 'application/vnd.hancom.hwpx': 'hwpx', 'text/csv': 'csv', 'application/json': 'json',
  'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl',
};

/** `'보고서.HWP'` → `'hwp'`; null for files Kachi does not read. */
export function formatOfPath(path: string): Format | null {
  return EXTENSIONS[extname(path).toLowerCase()] ?? null;
}

/** `'text/html; charset=euc-kr'` → `'html'`. */
export function formatOfContentType(contentType: string | null | undefined): Format | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return CONTENT_TYPES[type] ?? null;
}

/**
 * Text of `bytes` in `format`. `charset` is a charset declared outside the bytes (an HTTP header);
 * HTML pages may also declare one in `<meta>`. Throws IngestProblem for files that cannot be read.
 */
export async function extractDocument(bytes: Uint8Array, format: Format, charset?: string | null): Promise<ExtractedDocument> {
  switch (format) {
    case 'pdf':
      return parsePdf(bytes);
    case 'docx':
      return parseDocx(bytes);
    case 'hwp':
      return parseHwp(bytes);
    case 'hwpx':
      return parseHwpx(bytes);
    case 'html':
      return parseHtml(decodeText(bytes, charset ?? charsetFromMeta(bytes)).text);
    case 'md':
      return parseMarkdown(decodeText(bytes, charset).text);
    case 'txt':
      return parsePlainText(decodeText(bytes, charset).text);
    case 'csv':
      return parseCsv(decodeText(bytes, charset).text);
    case 'json':
      return parseJson(decodeText(bytes, charset).text);
    case 'jsonl':
      return parseJsonLines(decodeText(bytes, charset).text);
    default:
      throw new IngestProblem('unsupported', `The format ${String(format)} is not supported.`);
  }
}
