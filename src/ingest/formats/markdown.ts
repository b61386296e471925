// md: ATX and setext headings become heading blocks; fenced code, front matter and table rules are handled
// so that `#` inside code is never a heading. Inline markup stays: the analyzer treats it as separators.
import type { Block, ExtractedDocument } from '../types.ts';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
/** A table's alignment row (`|---|:--:|`) or an empty row (`|   |`): no text to index. */
const TABLE_RULE = /^[\s|:-]*$/;
const IMAGE = /!\[[^\]]*\]\([^)]*\)/g;

export function parseMarkdown(source: string): ExtractedDocument {
  const lines = stripFrontMatter(source.replace(/\r\n?/g, '\n')).split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let inFence: string | null = null;
  const flush = (): void => {
    const text = paragraph.join('\n').trim();
    if (text !== '') blocks.push({ kind: 'paragraph', text });
    paragraph = [];
  };
  for (const raw of lines) {
    const line = raw.replace(IMAGE, '');
    const fence = FENCE.exec(line)?.[1];
    if (inFence !== null) {
      if (fence === inFence) inFence = null;
      else paragraph.push(line);
      continue;
    }
    if (fence !== undefined) {
      flush();
      inFence = fence;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flush();
      const text = (atx[2] ?? '').trim();
      if (text !== '') blocks.push({ kind: 'heading', level: (atx[1] ?? '#').length, text });
      continue;
    }
    const setext = SETEXT.exec(line);
    if (setext && paragraph.length === 1) {
      const text = (paragraph[0] ?? '').trim();
      paragraph = [];
      blocks.push({ kind: 'heading', level: setext[1]?.startsWith('=') ? 1 : 2, text });
      continue;
    }
    if (line.trim() === '' || (line.includes('|') && TABLE_RULE.test(line)) || /^ {0,3}([-*_])( *\1){2,} *$/.test(line)) {
      flush();
      continue;
    }
    paragraph.push(line);
  }
  flush();
  const firstHeading = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return { title: firstHeading?.text ?? '', blocks };
}

/** YAML front matter (`---` … `---` on the first lines) is metadata, not text. */
function stripFrontMatter(text: string): string {
  if (!text.startsWith('---\n')) return text;
  const end = text.indexOf('\n---\n', 4);
  return end === -1 ? text : text.slice(end + 5);
}
