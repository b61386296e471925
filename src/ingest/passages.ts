// Splits an extracted document into passages: by heading sections first, then at paragraph, sentence or
// word breaks to stay under a size bound, with an overlap so a sentence cut at a border is found whole.
import type { Block, ExtractedDocument } from './types.ts';

export interface SplitOptions {
  /** Longest passage, in UTF-16 code units. Default 1000 (about 400 Korean words' worth of eojeol). */
  maxChars?: number;
  /** Text repeated from the end of one passage at the start of the next. Default 150; 0 turns it off. */
  overlapChars?: number;
}

export const DEFAULT_SPLIT: Required<SplitOptions> = { maxChars: 1000, overlapChars: 150 };

/** One passage before it becomes a document: a range of the joined text and where it sits. */
export interface PassageSpan {
  section: string;
  start: number;
  end: number;
  text: string;
  page?: number;
  pageEnd?: number;
}

/** The joined text that offsets point into: blocks separated by one blank line. */
export const BLOCK_SEPARATOR = '\n\n';

interface Located extends Block {
  start: number;
  end: number;
}

export function splitPassages(document: ExtractedDocument, options: SplitOptions = {}): { text: string; spans: PassageSpan[] } {
  const { maxChars, overlapChars } = { ...DEFAULT_SPLIT, ...options };
  const located: Located[] = [];
  let text = '';
  for (const block of document.blocks) {
    if (text !== '') text += BLOCK_SEPARATOR;
    located.push({ ...block, start: text.length, end: text.length + block.text.length });
    text += block.text;
  }
  const spans: PassageSpan[] = [];
  for (const section of sections(located)) {
    for (const [start, end] of chunkRange(text, section.start, section.end, maxChars, Math.min(overlapChars, maxChars / 2))) {
      const span: PassageSpan = { section: section.path, start, end, text: text.slice(start, end) };
      const page = blockAt(located, start)?.page;
      const pageEnd = blockAt(located, end - 1)?.page;
      if (page !== undefined) span.page = page;
      if (pageEnd !== undefined && pageEnd !== page) span.pageEnd = pageEnd;
      spans.push(span);
    }
  }
  return { text, spans };
}

/**
 * Heading sections as ranges of the joined text, each with its heading path ('1장 > 제2조'). A heading
 * directly followed by another heading has no text of its own, so it opens the next section instead.
 */
function sections(blocks: Located[]): Array<{ path: string; start: number; end: number }> {
  const result: Array<{ path: string; start: number; end: number }> = [];
  const stack: string[] = [];
  let current: { path: string; start: number; end: number; hasText: boolean } | null = null;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const level = Math.max(1, block.level ?? 1);
      stack.length = Math.min(stack.length, level - 1);
      stack.push(block.text);
      const path = stack.join(' > ');
      if (current !== null && !current.hasText) current.path = path;
      else {
        if (current !== null) result.push(current);
        current = { path, start: block.start, end: block.end, hasText: false };
      }
      current.end = block.end;
      continue;
    }
    current ??= { path: '', start: block.start, end: block.end, hasText: false };
    current.end = block.end;
    current.hasText = true;
  }
  if (current !== null) result.push(current);
  return result;
}

/** Cuts [start, end) into ranges of at most `max` units, preferring paragraph, then sentence, then word breaks. */
export function chunkRange(text: string, start: number, end: number, max: number, overlap: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let pos = skipSpace(text, start, end);
  while (pos < end) {
    const stop = pos + max >= end ? end : bestBreak(text, pos, pos + max);
    const trimmedEnd = trimEnd(text, pos, stop);
    if (trimmedEnd > pos) ranges.push([pos, trimmedEnd]);
    if (stop >= end) break;
    let next = overlap > 0 ? overlapStart(text, stop - overlap, stop) : stop;
    if (next <= pos) next = stop;
    pos = skipSpace(text, next, end);
  }
  return ranges;
}

const SENTENCE_END = /[.!?。？！…](?=[\s"'”’)\]]|$)|[다요죠음임함됨][.]?(?=\s)|\n/g;

/** The break to cut at within (pos, limit]: past the window's middle if possible, so passages stay full. */
function bestBreak(text: string, pos: number, limit: number): number {
  const floor = pos + Math.floor((limit - pos) / 2);
  const paragraph = text.lastIndexOf(BLOCK_SEPARATOR, limit - BLOCK_SEPARATOR.length);
  if (paragraph > floor) return paragraph;
  const sentence = lastMatchEnd(text, SENTENCE_END, floor, limit);
  if (sentence !== -1) return sentence;
  const space = lastMatchEnd(text, /\s/g, floor, limit);
  if (space !== -1) return space;
  // No break at all (a long URL or CJK run without spaces): cut, but never inside a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/** Where the overlap begins: the first sentence start in [from, to), else the first word start. */
function overlapStart(text: string, from: number, to: number): number {
  const sentence = firstMatchEnd(text, SENTENCE_END, from, to);
  if (sentence !== -1 && sentence < to) return sentence;
  const space = firstMatchEnd(text, /\s/g, from, to);
  return space !== -1 && space < to ? space : to;
}

function lastMatchEnd(text: string, pattern: RegExp, from: number, to: number): number {
  const window = text.slice(from, to);
  let found = -1;
  for (const match of window.matchAll(pattern)) found = from + match.index + match[0].length;
  return found;
}

function firstMatchEnd(text: string, pattern: RegExp, from: number, to: number): number {
  const match = pattern.exec(text.slice(from, to));
  pattern.lastIndex = 0;
  return match === null ? -1 : from + match.index + match[0].length;
}

function skipSpace(text: string, pos: number, end: number): number {
  while (pos < end && /\s/.test(text[pos] ?? '')) pos++;
  return pos;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

function blockAt(blocks: Located[], offset: number): Located | undefined {
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((blocks[mid]?.start ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return blocks[low];
}
