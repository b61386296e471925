// Tokens of many texts as columns of numbers plus one table of distinct terms: what indexing needs
// (term, kind, position, and where each content token lies in its text, for highlighting), cheap to move
// between threads and to read without objects.
import type { Token, TokenKind } from './types.ts';

export const TOKEN_KINDS: readonly TokenKind[] = ['word', 'morph', 'compound', 'bigram'];

export interface TokenColumns {
  /** Distinct (term, kind) entries; tokens point into these. */
  terms: string[];
  kinds: Uint8Array;
  /** Tokens of text i are `textStarts[i] .. textStarts[i + 1]`. */
  textStarts: Int32Array;
  /** Per token: its entry in `terms`/`kinds`, and its position. */
  entries: Int32Array;
  positions: Int32Array;
  /**
   * Per token: its UTF-16 offsets in the original text. Content tokens only (words, morphs, compounds):
   * a bigram's are -1, since highlighting never looks for bigrams and their offsets would cost memory.
   */
  starts: Int32Array;
  ends: Int32Array;
}

const BIGRAM_CODE = TOKEN_KINDS.indexOf('bigram');

/**
 * @example toColumns([[검색 (morph, 0), 검색 (bigram, 0)], [검색 (morph, 0)]])
 * // → terms ['검색', '검색'], kinds [morph, bigram], textStarts [0, 2, 3], entries [0, 1, 0], positions [0, 0, 0],
 * //   starts [0, -1, 0], ends [2, -1, 2]
 */
export function toColumns(texts: ReadonlyArray<readonly Token[]>): TokenColumns {
  let count = 0;
  for (const tokens of texts) count += tokens.length;
  const byKind = TOKEN_KINDS.map(() => new Map<string, number>());
  const kindCode = new Map(TOKEN_KINDS.map((kind, code) => [kind, code]));
  const terms: string[] = [];
  const kinds: number[] = [];
  const textStarts = new Int32Array(texts.length + 1);
  const entries = new Int32Array(count);
  const positions = new Int32Array(count);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let at = 0;
  texts.forEach((tokens, i) => {
    textStarts[i] = at;
    for (const token of tokens) {
      const code = kindCode.get(token.kind)!;
      const table = byKind[code]!;
      let entry = table.get(token.term);
      if (entry === undefined) {
        entry = terms.length;
        table.set(token.term, entry);
        terms.push(token.term);
        kinds.push(code);
      }
      entries[at] = entry;
      starts[at] = code === BIGRAM_CODE ? -1 : token.start;
      ends[at] = code === BIGRAM_CODE ? -1 : token.end;
      positions[at++] = token.position;
    }
  });
  textStarts[texts.length] = at;
  return { terms, kinds: Uint8Array.from(kinds), textStarts, entries, positions, starts, ends };
}

/** Columns of several analyses one after the other (their texts in order). */
export function concatColumns(parts: readonly TokenColumns[]): TokenColumns {
  if (parts.length === 1) return parts[0]!;
  const terms: string[] = [];
  const kinds: number[] = [];
  const textCount = parts.reduce((n, p) => n + p.textStarts.length - 1, 0);
  const tokenCount = parts.reduce((n, p) => n + p.entries.length, 0);
  const textStarts = new Int32Array(textCount + 1);
  const entries = new Int32Array(tokenCount);
  const positions = new Int32Array(tokenCount);
  const starts = new Int32Array(tokenCount);
  const ends = new Int32Array(tokenCount);
  let text = 0;
  let token = 0;
  for (const part of parts) {
    const offset = terms.length;
    for (const term of part.terms) terms.push(term);
    for (const kind of part.kinds) kinds.push(kind);
    for (let i = 0; i < part.textStarts.length - 1; i++) textStarts[text++] = token + part.textStarts[i]!;
    for (let k = 0; k < part.entries.length; k++) {
      entries[token + k] = offset + part.entries[k]!;
      positions[token + k] = part.positions[k]!;
    }
    starts.set(part.starts, token);
    ends.set(part.ends, token);
    token += part.entries.length;
  }
  textStarts[textCount] = token;
  return { terms, kinds: Uint8Array.from(kinds), textStarts, entries, positions, starts, ends };
}
