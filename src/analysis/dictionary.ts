// The user dictionary (`dictionary` setting): words found in normalized text before morphology, kept whole.
import { normalize } from './normalize.ts';

export interface Span {
  start: number;
  end: number;
}

export interface DictionaryMatcher {
  /** Leftmost-longest, non-overlapping occurrences in normalized text. */
  find(text: string): Span[];
}

// Letters and digits of non-Hangul scripts: a dictionary word with such an edge must not touch another
// one (`go` must not match inside `google`), while a Hangul edge may (`카카오뱅크` in `카카오뱅크에서`).
const WORD_EDGE = /^[\p{L}\p{N}]$/u;
const HANGUL = /^[가-힣ㄱ-ㆎ]$/u;

function isLatinLikeWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_EDGE.test(ch) && !HANGUL.test(ch);
}

/**
 * Why matching happens here and not in lindera: lindera's user dictionary must be a file with costs
 * and tags, and words containing spaces or symbols (`c++`, `배달의 민족`) would never reach it anyway.
 * @example createDictionaryMatcher(['카카오뱅크'])!.find('카카오뱅크에서') // → [{ start: 0, end: 5 }]
 * @returns null for an empty dictionary, so callers can skip matching.
 */
export function createDictionaryMatcher(words: readonly string[]): DictionaryMatcher | null {
  const byFirst = new Map<string, string[]>();
  for (const word of words) {
    const normalized = normalize(word).text.trim();
    if (normalized === '') continue;
    const first = normalized[0]!;
    const list = byFirst.get(first) ?? [];
    if (!list.includes(normalized)) list.push(normalized);
    byFirst.set(first, list);
  }
  if (byFirst.size === 0) return null;
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);

  return {
    find(text) {
      const spans: Span[] = [];
      let i = 0;
      while (i < text.length) {
        const word = byFirst
          .get(text[i]!)
          ?.find((w) => text.startsWith(w, i) && fitsBoundaries(text, i, i + w.length));
        if (word === undefined) i++;
        else {
          spans.push({ start: i, end: i + word.length });
          i += word.length;
        }
      }
      return spans;
    },
  };
}

function fitsBoundaries(text: string, start: number, end: number): boolean {
  if (isLatinLikeWordChar(text[start]) && isLatinLikeWordChar(text[start - 1])) return false;
  if (isLatinLikeWordChar(text[end - 1]) && isLatinLikeWordChar(text[end])) return false;
  return true;
}
