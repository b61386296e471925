// Placed query tokens → QueryUnits: one unit per word position, with the typed text behind it.
import { hasPartialLastSyllable } from './hangul.ts';
import type { PlacedEojeol } from './positions.ts';
import type { QueryAnalysis, QueryUnit, Token } from './types.ts';

const HANGUL_ONLY = /^[가-힣ㄱ-ㆎ]+$/u;

function startsWord(eojeol: PlacedEojeol, typed: string, text: string, unitsBefore: number): boolean {
  return eojeol.content.length === 0 && eojeol.end === text.length && typed.length === 1 && unitsBefore > 0;
}

/**
 * Groups the content tokens of each position into a unit (a compound joins its first part's unit).
 * A unit's source runs from its first token to the next unit of the same eojeol, so dropped particles
 * and half-typed endings stay in it: 검색엔 → one unit 검색 with source `검색엔`, ready for prefix search.
 * The last eojeol becomes one unit whose only alternative is the typed word, left to prefix expansion,
 * when it ends in a syllable being composed (`장바ㄱ`), or when it is one syllable after other units
 * that ends the text and has no content of its own (`검색 에`: 에 alone reads as a particle, but is
 * the start of 에어컨). Longer eojeols without content stay out (`빨리` is an adverb, a stop tag, and
 * only its bigrams can match).
 * Offsets are still into the normalized text; `toOriginal` maps a token back.
 */
export function buildQueryUnits(
  text: string,
  eojeols: readonly PlacedEojeol[],
  toOriginal: (t: Token) => Token,
): QueryAnalysis {
  const units: QueryUnit[] = [];
  const bigrams: Token[] = [];
  eojeols.forEach((eojeol, e) => {
    bigrams.push(...eojeol.bigrams.map(toOriginal));
    const typed = text.slice(eojeol.start, eojeol.end);
    const first = eojeol.content[0]?.position ?? (units.at(-1)?.position ?? -1) + 1;
    const last = e === eojeols.length - 1;
    const typing =
      last &&
      ((hasPartialLastSyllable(typed) && HANGUL_ONLY.test(typed)) ||
        startsWord(eojeol, typed, text, units.length));
    if (typing) {
      const word: Token = {
        term: typed,
        kind: 'word',
        start: eojeol.start,
        end: eojeol.end,
        position: first,
      };
      units.push({ position: first, alternatives: [toOriginal(word)], source: typed, isLast: false });
      return;
    }
    const groups = new Map<number, Token[]>();
    for (const token of eojeol.content) {
      const group = groups.get(token.position);
      if (group) group.push(token);
      else groups.set(token.position, [token]);
    }
    const entries = [...groups.entries()];
    entries.forEach(([position, tokens], k) => {
      const from = k === 0 ? eojeol.start : Math.min(...tokens.map((t) => t.start));
      const next = entries[k + 1]?.[1];
      const to = next ? Math.min(...next.map((t) => t.start)) : eojeol.end;
      units.push({
        position,
        alternatives: tokens.map(toOriginal),
        source: text.slice(from, to),
        isLast: false,
      });
    });
  });
  const last = units.at(-1);
  if (last) last.isLast = true;
  return { units, bigrams };
}
