// Draft tokens → Tokens with word positions: stop words dropped without leaving gaps, bigrams placed.
import type { Token, TokenKind } from './types.ts';

/** A token before positions are known; offsets are into the normalized text. */
export interface DraftToken {
  term: string;
  kind: TokenKind;
  start: number;
  end: number;
  /** 1: starts a new word position; 0: shares the position of the token before (a compound and its first part). */
  step: 0 | 1;
}

/** The drafts of one eojeol: its content tokens in text order, and its bigrams (step is ignored). */
export interface EojeolDrafts {
  start: number;
  end: number;
  content: DraftToken[];
  bigrams: DraftToken[];
}

export interface PlacedEojeol {
  start: number;
  end: number;
  content: Token[];
  bigrams: Token[];
}

/**
 * Numbers positions across the eojeols of one text.
 * @example 검색엔진을 만들었다 → 검색엔진 0, 검색 0, 엔진 1, 만들 2; bigrams 검색 0, 색엔 0, 엔진 1, 진을 1, 만들 2, 들었 2, 었다 2
 */
export function placeTokens(eojeols: readonly EojeolDrafts[], stopWords: ReadonlySet<string>): PlacedEojeol[] {
  let position = -1;
  let carry: 0 | 1 = 0;
  return eojeols.map((eojeol) => {
    const content: Token[] = [];
    for (const draft of eojeol.content) {
      // A dropped stop word hands its step on, so the next token still starts a new position.
      if (stopWords.has(draft.term)) {
        carry = carry === 1 || draft.step === 1 ? 1 : 0;
        continue;
      }
      if (draft.step === 1 || carry === 1 || position < 0) position++;
      carry = 0;
      content.push({ term: draft.term, kind: draft.kind, start: draft.start, end: draft.end, position });
    }
    const bigrams: Token[] = [];
    for (const draft of eojeol.bigrams) {
      if (stopWords.has(draft.term)) continue;
      // The position of the first morph or word it overlaps (not a compound, which spans its parts'
      // positions), else of the last content token before it.
      const over = content.find((t) => t.kind !== 'compound' && t.start < draft.end && t.end > draft.start);
      bigrams.push({ term: draft.term, kind: 'bigram', start: draft.start, end: draft.end, position: over?.position ?? Math.max(position, 0) });
    }
    return { start: eojeol.start, end: eojeol.end, content, bigrams };
  });
}
