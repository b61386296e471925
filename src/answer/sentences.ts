// Korean sentence splitting with offsets: 다. 요. 까? and closing quotes end a sentence; 3.5, 2020. 3. 5., Jr. and U.S. do not.

/** One sentence of a field value; `start`/`end` are UTF-16 offsets into that value, trimmed of spaces. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

// Latin abbreviations that take a period inside a sentence (compared lowercased, without the period).
// `etc` is left out on purpose: in Korean text it nearly always ends the sentence it is in.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'vs',
  'no',
  'vol',
  'pp',
  'p',
  'cf',
  'fig',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'rev',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'a.m',
  'p.m',
  'ph.d',
  'approx',
  'est',
  'op',
]);
const TERMINATORS = '.!?…。！？';
// Closing quotes and brackets that belong to the sentence they close: 그는 "간다." 말했다 / (끝.)
const CLOSERS = '"\'”’」』)]）》〉>';

/**
 * Splits text into sentences. A terminator ends a sentence only when whitespace (or the end) follows it
 * and its closers; a newline always ends one.
 * @example splitSentences('값은 3.5이다. 맞아요? 네!') → ['값은 3.5이다.', '맞아요?', '네!']
 * @example splitSentences('J. R. R. 톨킨이 썼다.') → ['J. R. R. 톨킨이 썼다.']
 * @example splitSentences('"크다."고 말했다. 끝') → ['"크다."고 말했다.', '끝']
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let from = 0;
  const push = (end: number) => {
    const piece = trimmed(text, from, end);
    if (piece) out.push(piece);
    from = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\r') {
      push(i);
      continue;
    }
    if (!TERMINATORS.includes(ch)) continue;
    let end = i + 1;
    while (end < text.length && TERMINATORS.includes(text[end]!)) end++; // ?! and ...
    const closed = end;
    while (end < text.length && CLOSERS.includes(text[end]!)) end++;
    if (end < text.length && !/\s/u.test(text[end]!)) {
      i = end - 1;
      continue;
    }
    if ((ch === '.' && !endsSentence(text, i, end)) || (end > closed && continuesQuote(text, end))) {
      i = end - 1;
      continue;
    }
    push(end);
    i = end - 1;
  }
  push(text.length);
  return out;
}

/** A period followed by space: not an end after an abbreviation, an initial, or a number in a list or date. */
function endsSentence(text: string, period: number, after: number): boolean {
  let wordStart = period;
  while (wordStart > 0 && !/[\s(（"'“‘]/u.test(text[wordStart - 1]!)) wordStart--;
  const word = text.slice(wordStart, period);
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // An initial: J. R. R. 톨킨, George W. Bush.
  if (/^[A-Z]$/u.test(word)) return false;
  const next = text.slice(after).trimStart();
  if (/^\d{1,4}$/u.test(word)) {
    // Korean dates and list numbers: 2020. 3. 5. 발표 / 1. 개요 — a number before another number,
    // the day of such a date, or a number opening a line.
    if (/^\d/u.test(next) || wordStart === 0 || text[wordStart - 1] === '\n') return false;
    if (/\d{2,4}\.\s?\d{1,2}\.\s?$/u.test(text.slice(Math.max(0, wordStart - 12), wordStart))) return false;
  }
  return true;
}

// A quotation goes on after its closing quote: 그는 "간다." 라고 했다 / "왜?" 하고 물었다.
const QUOTATIVE = /^\s+(?:(?:이)?라고|하고|라며|라는|하며|하는|고\s)/u;

function continuesQuote(text: string, after: number): boolean {
  return QUOTATIVE.test(text.slice(after, after + 8));
}

function trimmed(text: string, start: number, end: number): Sentence | null {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return start < end ? { start, end, text: text.slice(start, end) } : null;
}
