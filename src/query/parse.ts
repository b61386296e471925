// The query string's own syntax: "phrases", -exclusions (-word, -"phrase"), and free text.
// `검색 "형태소 분석" -광고` → free '검색', phrase '형태소 분석', excluded '광고'.

export interface ParsedQuery {
  /** Free text, in order, with phrases and exclusions removed. */
  text: string;
  phrases: string[];
  excluded: string[];
  /**
   * True when the last thing typed is free text still being typed (no trailing space, not a phrase):
   * its last word is then matched as a prefix.
   */
  prefixLast: boolean;
}

/**
 * A query ending in whitespace or punctuation (`…인가?`, `…했다.`) has a finished last word: as in
 * Meilisearch, where a trailing separator ends the prefix, it is not expanded as a prefix.
 */
const ENDS_WORD = /[\s\p{P}]$/u;

export function parseQuery(q: string): ParsedQuery {
  const phrases: string[] = [];
  const excluded: string[] = [];
  const free: string[] = [];
  let lastWasFree = false;
  let i = 0;
  while (i < q.length) {
    const ch = q[i]!;
    if (/\s/u.test(ch)) {
      i++;
      lastWasFree = false;
      continue;
    }
    const negated = ch === '-' && i + 1 < q.length && !/\s/u.test(q[i + 1]!) && (i === 0 || /\s/u.test(q[i - 1]!));
    const start = negated ? i + 1 : i;
    const close = q[start] === '"' ? q.indexOf('"', start + 1) : -1;
    // an unclosed quote is read as plain text: users paste questions with stray quotes
    if (close !== -1) {
      const end = close;
      const phrase = q.slice(start + 1, end).trim();
      if (phrase) (negated ? excluded : phrases).push(phrase);
      i = close + 1;
      lastWasFree = false;
      continue;
    }
    let end = start;
    while (end < q.length && !/\s/u.test(q[end]!)) end++;
    const word = q.slice(start, end).replaceAll('"', '');
    if (negated) excluded.push(word);
    else free.push(word);
    lastWasFree = !negated;
    i = end;
  }
  return { text: free.join(' '), phrases, excluded, prefixLast: lastWasFree && i === q.length && !ENDS_WORD.test(q) };
}
