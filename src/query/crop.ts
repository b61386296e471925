// Cropping: keeps the window of `cropLength` words around the best group of matches, as Meilisearch's
// milli `Matcher::crop_bounds` does, and combines it with highlighting for `_formatted`.
import {
  boundariesOf,
  highlightWindow,
  mergeRanges,
  type Boundaries,
  type HighlightOptions,
  type TextRange,
} from './highlight.ts';

export interface CropOptions {
  /** Window size in words; 0 or less means no cropping (Meilisearch ignores a crop of 0). Default in requests: 10. */
  cropLength: number;
  /** Put where text was cut, at the start and/or the end. Meilisearch's default is `…`; `''` puts nothing. */
  marker: string;
}

export interface FormatTextOptions {
  highlight?: HighlightOptions | null;
  crop?: CropOptions | null;
}

type TokenKind = 'word' | 'soft' | 'hard';
interface Token {
  start: number;
  end: number;
  kind: TokenKind;
  /** Position among the words (separators: -1). */
  word: number;
}
interface Match {
  firstWord: number;
  lastWord: number;
  firstToken: number;
  lastToken: number;
  /** Stands for the query term: the matched text, case-folded. Kachi's ranges do not say which term matched. */
  id: string;
}

// Words are runs between whitespace and punctuation: an eojeol (`까치가`) is one word, as a space-separated
// English word is. A space-less run longer than LONG_RUN graphemes (Korean typed without spaces, a URL) is
// counted as pieces of PIECE graphemes, about one eojeol each, so cropLength still bounds the output and
// cuts fall between syllables.
const LONG_RUN = 20;
const PIECE = 5;
const SEPARATOR = /[\s\p{P}\p{Sm}\p{Sc}\p{Sk}\p{Cc}]/uy;
/** Sentence ends: Meilisearch grows the window towards a soft separator rather than across a hard one. */
const HARD = /[.!?;\n\r\u2029\u3002\uFF01\uFF1F\uFF1B]/uy;

function isAt(pattern: RegExp, text: string, offset: number): boolean {
  pattern.lastIndex = offset;
  return pattern.test(text);
}

const WORD_CHAR = 0;
const SOFT = 1;
const HARD_SEPARATOR = 2;
/** ASCII classified once; with Hangul syllables below, the sticky regexes only see the rarer characters. */
const ASCII_CLASSES = Uint8Array.from({ length: 128 }, (_, code) => classByPattern(String.fromCharCode(code), 0));

function classByPattern(text: string, offset: number): number {
  if (!isAt(SEPARATOR, text, offset)) return WORD_CHAR;
  return isAt(HARD, text, offset) ? HARD_SEPARATOR : SOFT;
}

function classAt(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  if (code < 128) return ASCII_CLASSES[code]!;
  if (code >= 0xac00 && code <= 0xd7a3) return WORD_CHAR;
  return classByPattern(text, offset);
}

function tokenize(text: string, bounds: Boundaries): Token[] {
  const tokens: Token[] = [];
  let words = 0;
  for (let i = 0; i < text.length;) {
    const separator = classAt(text, i) !== WORD_CHAR;
    let hard = false;
    const ends: number[] = [];
    let j = i;
    for (let kind = classAt(text, j); j < text.length && (kind !== WORD_CHAR) === separator; kind = classAt(text, j)) {
      if (kind === HARD_SEPARATOR) hard = true;
      j = bounds.up(j + 1);
      ends.push(j);
    }
    if (separator) tokens.push({ start: i, end: j, kind: hard ? 'hard' : 'soft', word: -1 });
    else if (ends.length <= LONG_RUN) tokens.push({ start: i, end: j, kind: 'word', word: words++ });
    else
      for (let k = 0; k < ends.length; k += PIECE)
        tokens.push({
          start: k === 0 ? i : ends[k - 1]!,
          end: ends[Math.min(k + PIECE, ends.length) - 1]!,
          kind: 'word',
          word: words++,
        });
    i = j;
  }
  return tokens;
}

/** The words each merged range covers; ranges over separators only are dropped. */
function locate(text: string, tokens: readonly Token[], merged: readonly TextRange[]): Match[] {
  const matches: Match[] = [];
  let t = 0;
  for (const range of merged) {
    while (t < tokens.length && tokens[t]!.end <= range.start) t++;
    let first = -1;
    let last = -1;
    for (let u = t; u < tokens.length && tokens[u]!.start < range.end; u++) {
      if (tokens[u]!.kind !== 'word') continue;
      if (first < 0) first = u;
      last = u;
    }
    if (first < 0) continue;
    const id = text.slice(range.start, range.end).toLowerCase();
    matches.push({
      firstWord: tokens[first]!.word,
      lastWord: tokens[last]!.word,
      firstToken: first,
      lastToken: last,
      id,
    });
  }
  return matches;
}

/** Meilisearch's interval score: distinct terms, then closeness (gaps capped at 7), compared in that order. */
function score(matches: readonly Match[]): [number, number] {
  let distance = 0;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    distance -= m.lastWord - m.firstWord; // a multi-word match (phrase) is tight by construction
    const next = matches[i + 1];
    if (next !== undefined) distance -= Math.min(next.firstWord - m.lastWord, 7);
  }
  return [new Set(matches.map((m) => m.id)).size, distance];
}

/** First and last index of the best run of matches spanning fewer than `cropLength` words (milli's find_best_match_interval). */
function bestInterval(matches: readonly Match[], cropLength: number): [number, number] {
  let best: { first: number; last: number; score: [number, number] } | null = null;
  const consider = (first: number, last: number) => {
    if (first > last) return;
    const s = score(matches.slice(first, last + 1));
    if (best === null || s[0] > best.score[0] || (s[0] === best.score[0] && s[1] > best.score[1]))
      best = { first, last, score: s };
  };
  let first = 0;
  for (let index = 0; index < matches.length; index++) {
    const nextLast = matches[index]!.lastWord;
    if (nextLast - matches[first]!.firstWord < cropLength) continue;
    consider(first, index - 1);
    while (first + 1 < matches.length) {
      first++;
      const firstWord = matches[first]!.firstWord;
      if (firstWord > nextLast || nextLast - firstWord < cropLength) break;
    }
  }
  const last = matches.length - 1;
  const lone = matches[first]!;
  if (first !== last || lone.lastWord - lone.firstWord + 1 < cropLength) consider(first, last);
  const found = best as { first: number; last: number } | null;
  return found === null ? [0, 0] : [found.first, found.last];
}

/** The cropped window `[start, end)`: grows from the best matches towards both sides, one word at a time. */
function cropBounds(
  text: string,
  tokens: readonly Token[],
  matches: readonly Match[],
  cropLength: number,
): TextRange {
  let remaining = cropLength;
  let forward = true;
  let before = -1; // next token to take on the left, walking down
  let after = 0; // next token to take on the right (walking down when the match is longer than the window)
  if (matches.length > 0) {
    const [f, l] = bestInterval(matches, cropLength);
    const first = matches[f]!;
    const last = matches[l]!;
    const size = last.lastWord - first.firstWord + 1;
    forward = cropLength >= size;
    remaining = forward ? cropLength - size : size - cropLength;
    // Forward: the first token after the matches. Backward (the match is longer than the window): the
    // match's own last word, from which words are dropped until cropLength remain.
    after = forward ? last.lastToken + 1 : last.lastToken;
    // milli starts a window at 0 when one match is longer than it, keeping all text before the match;
    // Kachi starts at the match, so the window still holds cropLength words.
    before = first.firstToken - 1;
  }
  const peekAfter = () => (forward ? tokens[after] : after >= 0 ? tokens[after] : undefined);
  const takeAfter = () => (forward ? after++ : after--);
  while (remaining > 0) {
    const left = forward && before >= 0 ? tokens[before] : undefined; // a too-long match is only cut at its end
    const right = peekAfter();
    if (left !== undefined && right !== undefined) {
      if (left.kind !== 'word' && right.kind !== 'word') {
        // Between two separators: take both when alike (but never end on one), else grow away from a sentence end.
        if (left.kind === right.kind) {
          before--;
          if (remaining > 1) takeAfter();
        } else if (left.kind === 'hard') takeAfter();
        else before--;
      } else if (left.kind === 'word' && right.kind !== 'word') {
        before--;
        remaining--;
      } else if (left.kind !== 'word') {
        takeAfter();
        remaining--;
      } else {
        before--;
        remaining--;
        if (remaining > 0) {
          takeAfter();
          remaining--;
        }
      }
    } else if (left !== undefined) {
      before--;
      if (left.kind === 'word') remaining--;
    } else if (right !== undefined) {
      takeAfter();
      if (right.kind === 'word') remaining--;
    } else break;
  }
  // Going backward, the next token is the last one kept: end after it if it is a word (pieces of a long run
  // touch), before it if it is a separator. milli always ends at its start, which drops a touching piece.
  const next = peekAfter();
  const end =
    next === undefined
      ? forward
        ? text.length
        : 0
      : forward || next.kind !== 'word'
        ? next.start
        : next.end;
  return { start: before >= 0 ? tokens[before]!.end : 0, end };
}

/**
 * The window of `cropLength` words holding the most distinct matches, closest together; with no match,
 * the first `cropLength` words. Its ends always fall on grapheme boundaries.
 */
export function cropWindow(
  text: string,
  ranges: readonly TextRange[],
  cropLength: number,
  bounds: Boundaries = boundariesOf(text),
): TextRange {
  const length = Math.floor(cropLength);
  if (!(length > 0)) return { start: 0, end: text.length };
  const tokens = tokenize(text, bounds);
  return cropBounds(text, tokens, locate(text, tokens, mergeRanges(text, ranges, bounds)), length);
}

/**
 * Highlighted and/or cropped text, as one `_formatted` value. Markers go where text was cut.
 * `formatText('서울은 크고 까치는 작다', [{start: 7, end: 9}], {crop: {cropLength: 2, marker: '…'}, highlight: {preTag: '<em>', postTag: '</em>'}})`
 * → `'…크고 <em>까치</em>는…'`.
 */
export function formatText(text: string, ranges: readonly TextRange[], options: FormatTextOptions): string {
  const bounds = boundariesOf(text);
  const window = options.crop
    ? cropWindow(text, ranges, options.crop.cropLength, bounds)
    : { start: 0, end: text.length };
  const body = options.highlight
    ? highlightWindow(text, mergeRanges(text, ranges, bounds), window, options.highlight)
    : text.slice(window.start, window.end);
  const marker = options.crop?.marker ?? '';
  return (window.start > 0 ? marker : '') + body + (window.end < text.length ? marker : '');
}

/** Crops without highlighting: `crop('가 나 다 라', [], {cropLength: 2, marker: '…'})` → `'가 나…'`. */
export function crop(text: string, ranges: readonly TextRange[], options: CropOptions): string {
  return formatText(text, ranges, { crop: options });
}
