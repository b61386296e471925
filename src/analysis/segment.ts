// Normalized text → eojeols (space- or punctuation-delimited words) → runs of one script each.
import type { DictionaryMatcher } from './dictionary.ts';
import { isCompatJamoCode, isSyllableCode } from './hangul.ts';

/**
 * - `hangul`: complete syllables, sent to morphology (`학교에서`)
 * - `jamo`: lone compatibility jamo (`ㄱㅅㅇㅈ`, `ㅋㅋ`)
 * - `word`: letters, digits and marks of other scripts, numbers with `.`/`,` inside (`iphone15`, `3.5`, `1,000`)
 * - `dict`: one user dictionary word, kept whole
 */
export type RunKind = 'hangul' | 'jamo' | 'word' | 'dict';

export interface Run {
  kind: RunKind;
  start: number;
  end: number;
}

export interface Eojeol {
  start: number;
  end: number;
  runs: Run[];
}

export interface SegmentOptions {
  separatorTokens: readonly string[];
  nonSeparatorTokens: readonly string[];
  dictionary: DictionaryMatcher | null;
}

const SEP = 0;
const CLASS_OF_KIND: Record<RunKind, number> = { hangul: 1, jamo: 2, word: 3, dict: 4 };
const KIND_OF_CLASS: RunKind[] = ['word', 'hangul', 'jamo', 'word', 'dict'];
const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]$/u;
const ARAE_A = 0x318d;

/**
 * @example segment('iPhone15를 샀다', …) on the normalized 'iphone15를 샀다'
 * // → [{ 0–9: word 'iphone15', hangul '를' }, { 10–12: hangul '샀다' }]
 */
export function segment(text: string, options: SegmentOptions): Eojeol[] {
  const classes = classify(text);
  for (const token of options.nonSeparatorTokens)
    markAll(text, token, classes, (c) => (c === SEP ? CLASS_OF_KIND.word : c));
  for (const token of options.separatorTokens) markAll(text, token, classes, () => SEP);
  const breaks = new Uint8Array(text.length + 1);
  for (const span of options.dictionary?.find(text) ?? []) {
    classes.fill(CLASS_OF_KIND.dict, span.start, span.end);
    breaks[span.start] = 1;
    breaks[span.end] = 1;
  }

  const eojeols: Eojeol[] = [];
  let i = 0;
  while (i < text.length) {
    if (classes[i] === SEP) {
      i++;
      continue;
    }
    const eojeol: Eojeol = { start: i, end: i, runs: [] };
    while (i < text.length && classes[i] !== SEP) {
      const cls = classes[i]!;
      const start = i++;
      while (i < text.length && classes[i] === cls && breaks[i] === 0) i++;
      eojeol.runs.push({ kind: KIND_OF_CLASS[cls]!, start, end: i });
    }
    eojeol.end = i;
    eojeols.push(eojeol);
  }
  return eojeols;
}

/**
 * Where the eojeols of `text` start and end, `[start0, end0, start1, end1, …]`, under the default segment options
 * (no separator tokens, no dictionary), as `segment` cuts them: indexing's eojeol cache needs no runs, and building
 * them for every eojeol was most of what indexing allocated.
 */
export function eojeolBounds(text: string): Int32Array {
  const classes = classify(text);
  let count = 0;
  for (let i = 0; i < text.length; i++) if (classes[i] !== SEP && (i === 0 || classes[i - 1] === SEP)) count++;
  const bounds = new Int32Array(2 * count);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    if (classes[i] === SEP) {
      i++;
      continue;
    }
    bounds[n++] = i;
    while (i < text.length && classes[i] !== SEP) i++;
    bounds[n++] = i;
  }
  return bounds;
}

function classify(text: string): Uint8Array {
  const classes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let cls = SEP;
    if (code < 0x80) {
      if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a))
        cls = CLASS_OF_KIND.word;
      // 3.5 and 1,000 stay one number: a dot or comma between two digits is part of the word.
      else if (
        (code === 0x2e || code === 0x2c) &&
        isDigit(text.charCodeAt(i - 1)) &&
        isDigit(text.charCodeAt(i + 1))
      )
        cls = CLASS_OF_KIND.word;
    } else if (isSyllableCode(code)) cls = CLASS_OF_KIND.hangul;
    // ㆍ (U+318D, the archaic vowel arae-a) is typed as a middle dot in Korean text: 정치ㆍ경제.
    else if (code === ARAE_A) cls = SEP;
    else if (isCompatJamoCode(code)) cls = CLASS_OF_KIND.jamo;
    else {
      const cp = text.codePointAt(i)!;
      if (LETTER_OR_DIGIT.test(String.fromCodePoint(cp))) cls = CLASS_OF_KIND.word;
      if (cp > 0xffff) classes[i++] = cls; // both halves of a surrogate pair share the class
    }
    classes[i] = cls;
  }
  return classes;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function markAll(text: string, token: string, classes: Uint8Array, mark: (cls: number) => number): void {
  if (token === '') return;
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length))
    for (let k = at; k < at + token.length; k++) classes[k] = mark(classes[k]!);
}
