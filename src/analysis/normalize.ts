// Text normalization before analysis: NFC, width and case folding, lone conjoining jamo → compatibility
// jamo, with a map from every normalized character back to its index in the original text.
import { isSyllableCode, toCompatibilityJamo } from './hangul.ts';

export interface Normalized {
  /** The normalized text: `'ＡＢＣ１２３'` → `'abc123'`, NFD `'검색'` (6 code units) → NFC `'검색'`. */
  text: string;
  /**
   * `offsets[i]` is the index in the original text of normalized character i; `offsets[text.length]`
   * is the original length, so `[offsets[start], offsets[end])` is the original span of `[start, end)`.
   */
  offsets: number[];
}

// Zero-width characters that copy-pasted text carries inside words (soft hyphen, ZWSP, word joiner, BOM):
// dropped so that `검\u200B색` still reads as 검색.
const IGNORABLE = new Set([0x00ad, 0x200b, 0x2060, 0xfeff]);
const MARK = /^\p{M}$/u;

/**
 * Normalizes text for indexing and querying. Not NFKC: NFKC also turns ㄱ (U+3131) into the conjoining
 * ᄀ (U+1100) and ① into 1, so only the fullwidth/halfwidth block (U+FF01 … U+FFEE) and the ideographic
 * space get compatibility folding. Case folding is `toLowerCase` (locale-independent).
 *
 * @example normalize('ＡＢＣ１２３').text // → 'abc123'
 * @example normalize('\uFFA1\uFFB5').text // → 'ㄱㅅ' (halfwidth Hangul jamo → compatibility jamo)
 * @example normalize('\u1100').text // → 'ㄱ' (a conjoining jamo standing alone)
 */
export function normalize(input: string): Normalized {
  const parts: string[] = [];
  const offsets: number[] = [];
  let i = 0;
  while (i < input.length) {
    // Fast path: a stretch of ASCII and precomposed syllables, with no combining character after its
    // last one, is already NFC and only needs lowercasing, which keeps its length.
    const plainEnd = plainStretchEnd(input, i);
    if (plainEnd > i) {
      parts.push(input.slice(i, plainEnd).toLowerCase());
      for (; i < plainEnd; i++) offsets.push(i);
      continue;
    }
    const end = chunkEnd(input, i);
    const folded = foldChunk(input.slice(i, end));
    for (let k = 0; k < folded.length; k++) offsets.push(i);
    parts.push(folded);
    i = end;
  }
  offsets.push(input.length);
  return { text: parts.length === 1 ? parts[0]! : parts.join(''), offsets };
}

function plainStretchEnd(text: string, start: number): number {
  let i = start;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 && !isSyllableCode(code)) break;
  }
  // The last plain character is part of a chunk when a combining character or jamo follows it.
  return i > start && i < text.length && continues(text, i) ? i - 1 : i;
}

/**
 * End of the normalization chunk starting at `start`: one code point and every combining mark or
 * conjoining medial/final jamo after it. NFC only composes inside such a chunk, so chunks normalize
 * independently and every output character can point back at its chunk. A surrogate pair stays whole.
 */
function chunkEnd(text: string, start: number): number {
  let i = start + codePointLength(text, start);
  while (i < text.length && continues(text, i)) i += codePointLength(text, i);
  return i;
}

/**
 * True when the character at `i` attaches to the one before it (a combining mark, or a jamo vowel/final). An
 * ignorable character (dropped by the folding) attaches when what follows it does: `A\u200B\u0301` is one
 * chunk, so that its output `á` is already composed and normalizing it again changes nothing.
 */
function continues(text: string, i: number): boolean {
  while (i < text.length && IGNORABLE.has(text.charCodeAt(i))) i++;
  if (i >= text.length) return false;
  const code = text.charCodeAt(i);
  if (code < 0x300) return false;
  if ((code >= 0x1160 && code <= 0x11ff) || (code >= 0xd7b0 && code <= 0xd7ff)) return true;
  const cp = text.codePointAt(i)!;
  return MARK.test(String.fromCodePoint(cp));
}

function codePointLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1); // NaN past the end
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

function foldChunk(chunk: string): string {
  let widened = '';
  for (const ch of chunk) {
    const cp = ch.codePointAt(0)!;
    if (IGNORABLE.has(cp)) continue;
    widened += (cp >= 0xff01 && cp <= 0xffee) || cp === 0x3000 ? ch.normalize('NFKC') : ch;
  }
  const composed = widened.normalize('NFC').toLowerCase();
  let out = '';
  for (let k = 0; k < composed.length; k++) {
    const code = composed.charCodeAt(k);
    const compat = code >= 0x1100 && code <= 0x11ff ? toCompatibilityJamo(code) : null;
    out += compat ?? composed[k];
  }
  return out;
}
