// txt: paragraphs are runs of lines separated by blank lines; there are no headings.
import type { Block, ExtractedDocument } from '../types.ts';

/** Splits text into paragraph blocks on blank lines. `'가\n나\n\n다'` → two paragraphs. */
export function paragraphBlocks(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => ({ kind: 'paragraph', text: paragraph }));
}

export function parsePlainText(text: string): ExtractedDocument {
  return { title: '', blocks: paragraphBlocks(text) };
}
