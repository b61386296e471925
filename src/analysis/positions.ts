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
  let carry = false;
  const out: PlacedEojeol[] = [];
  for (const eojeol of eojeols) {
    const content: Token[] = [];
    for (const draft of eojeol.content) {
      // A dropped stop word hands its step on, so the next token still starts a new position.
      if (stopWords.size > 0 && stopWords.has(draft.term)) {
        carry ||= draft.step === 1;
        continue;
      }
      if (draft.step === 1 || carry || position < 0) position++;
      carry = false;
      content.push({ term: draft.term, kind: draft.kind, start: draft.start, end: draft.end, position });
    }
    const bigrams: Token[] = [];
    for (const draft of eojeol.bigrams) {
      if (stopWords.size > 0 && stopWords.has(draft.term)) continue;
      bigrams.push({ term: draft.term, kind: 'bigram', start: draft.start, end: draft.end, position: bigramPosition(content, draft, position) });
    }
    out.push({ start: eojeol.start, end: eojeol.end, content, bigrams });
  }
  return out;
}

/**
 * The position of the first morph or word a bigram overlaps (not a compound, which spans its parts'
 * positions), else of the last content token before it.
 */
function bigramPosition(content: readonly Token[], bigram: DraftToken, last: number): number {
  for (const t of content) if (t.kind !== 'compound' && t.start < bigram.end && t.end > bigram.start) return t.position;
  return Math.max(last, 0);
}
