// Word runs (Latin, digits, other scripts) → word tokens: the whole run, plus its letter and digit parts.
import { addDraft, type EojeolDrafts } from './positions.ts';

const SIMPLE = /^(?:\p{L}[\p{L}\p{M}]*|\d+)$/u;
const PART = /\p{L}[\p{L}\p{M}]*|\p{N}+(?:[.,]\p{N}+)*/gu;
// 1,000 → 1000, so that a query for 1000 finds it; a dot stays (3.5 is not 35).
const DIGIT_GROUP_COMMA = /(?<=\d),(?=\d)/g;

/**
 * Mixed letters and digits give the whole word and its parts, the whole sharing the first part's position
 * (like a compound), so `iPhone15` is found by `iphone15`, by `iphone` and by `iphone 15`.
 * Tokens are appended to `into`.
 * @example wordTokens('iphone15', 0, 8, into) // → iphone15 (step 1), iphone (step 0), 15 (step 1)
 * @example wordTokens('3.5', 0, 3, into) // → 3.5
 * @example wordTokens('1,000', 0, 5, into) // → 1000
 * @example wordTokens('c#', 0, 2, into) // → c# (step 1), c (step 0)  ('#' made a non-separator)
 */
export function wordTokens(text: string, start: number, end: number, into: EojeolDrafts): void {
  const raw = text.slice(start, end);
  const whole = raw.replace(DIGIT_GROUP_COMMA, '');
  addDraft(into, whole, 'word', start, end, 1);
  if (SIMPLE.test(raw)) return;
  let first = true;
  for (const match of raw.matchAll(PART)) {
    const term = match[0].replace(DIGIT_GROUP_COMMA, '');
    if (term === whole) continue;
    const at = start + match.index;
    addDraft(into, term, 'word', at, at + match[0].length, first ? 0 : 1);
    first = false;
  }
}
