// Drafted tokens → word positions: stop words dropped without leaving gaps, bigrams placed.
import type { Token, TokenKind } from './types.ts';

/**
 * The tokens of one eojeol as they are drafted, offsets into the normalized text. Content tokens are
 * Tokens already (positions filled in by `placeTokens`), so no token is copied on its way out.
 */
export interface EojeolDrafts {
  start: number;
  end: number;
  /** Morphs, compounds and words, in text order. */
  content: Token[];
  /** `steps[i]` is 1 when `content[i]` starts a new word position, 0 when it shares the one before (a compound and its first part). */
  steps: Array<0 | 1>;
  bigrams: Token[];
}

export interface PlacedEojeol {
  start: number;
  end: number;
  content: Token[];
  bigrams: Token[];
}

export function newDrafts(start: number, end: number): EojeolDrafts {
  return { start, end, content: [], steps: [], bigrams: [] };
}

export function addDraft(
  drafts: EojeolDrafts,
  term: string,
  kind: TokenKind,
  start: number,
  end: number,
  step: 0 | 1,
): void {
  drafts.content.push({ term, kind, start, end, position: 0 });
  drafts.steps.push(step);
}

/**
 * Numbers positions across the eojeols of one text, in place.
 * @example 검색엔진을 만들었다 → 검색엔진 0, 검색 0, 엔진 1, 만들 2; bigrams 검색 0, 색엔 0, 엔진 1, 진을 1, 만들 2, 들었 2, 었다 2
 */
export function placeTokens(
  eojeols: readonly EojeolDrafts[],
  stopWords: ReadonlySet<string>,
): PlacedEojeol[] {
  let position = -1;
  let carry = false;
  const filter = stopWords.size > 0;
  const out: PlacedEojeol[] = [];
  for (const eojeol of eojeols) {
    const content = filter ? [] : eojeol.content;
    for (let i = 0; i < eojeol.content.length; i++) {
      const token = eojeol.content[i]!;
      // A dropped stop word hands its step on, so the next token still starts a new position.
      if (filter && stopWords.has(token.term)) {
        carry ||= eojeol.steps[i] === 1;
        continue;
      }
      if (eojeol.steps[i] === 1 || carry || position < 0) position++;
      carry = false;
      token.position = position;
      if (filter) content.push(token);
    }
    const bigrams = filter ? eojeol.bigrams.filter((t) => !stopWords.has(t.term)) : eojeol.bigrams;
    for (const bigram of bigrams) bigram.position = bigramPosition(content, bigram, position);
    out.push({ start: eojeol.start, end: eojeol.end, content, bigrams });
  }
  return out;
}

/**
 * The position of the first morph or word a bigram overlaps (not a compound, which spans its parts'
 * positions), else of the last content token before it.
 */
function bigramPosition(content: readonly Token[], bigram: Token, last: number): number {
  for (const t of content)
    if (t.kind !== 'compound' && t.start < bigram.end && t.end > bigram.start) return t.position;
  return Math.max(last, 0);
}
