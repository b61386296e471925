// Highlighting: wraps matched ranges of a text in tags, never cutting a user-perceived character.
// Also home of the grapheme boundaries that cropping shares, so both agree on where text may be cut.

/** A half-open span `[start, end)` of UTF-16 offsets into one value's text. */
export interface TextRange {
  start: number;
  end: number;
}

export interface HighlightOptions {
  /** Inserted before each match. Meilisearch's default is `<em>`. */
  preTag: string;
  /** Inserted after each match. Meilisearch's default is `</em>`. */
  postTag: string;
}

/** Where text may be cut: `down(i)`/`up(i)` move an offset to the nearest grapheme boundary at or before/after it. */
export interface Boundaries {
  down(offset: number): number;
  up(offset: number): number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Code points that can sit inside a grapheme cluster: astral characters (surrogate pairs: emoji, flags,
// rare Hanja), lone surrogates, combining marks and variation selectors, ZWJ, CR of CRLF, Hangul
// conjoining jamo (NFD syllables: 'ᄀ'+'ᅡ'+'ᆨ' is one 각) and the few Prepend characters. Text without
// any of them breaks between every code unit, which spares the segmenter on plain Korean and English.
const CLUSTERING =
  /[\u{10000}-\u{10FFFF}\uD800-\uDFFF\p{M}\u200D\r\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E]/u;

/** Grapheme boundaries of `text`, clamped to `[0, text.length]`. `'🐦까치'`: 0, 2, 3, 4 (never 1, inside the surrogate pair). */
export function boundariesOf(text: string): Boundaries {
  const clamp = (offset: number) => Math.min(Math.max(offset, 0), text.length);
  if (!CLUSTERING.test(text)) return { down: clamp, up: clamp };
  const isBoundary = new Uint8Array(text.length + 1);
  for (const { index } of graphemes.segment(text)) isBoundary[index] = 1;
  isBoundary[text.length] = 1;
  return {
    down(offset) {
      let i = clamp(offset);
      while (i > 0 && isBoundary[i] === 0) i--;
      return i;
    },
    up(offset) {
      let i = clamp(offset);
      while (i < text.length && isBoundary[i] === 0) i++;
      return i;
    },
  };
}

/**
 * Ranges as highlighting needs them: snapped outwards to grapheme boundaries, clamped to the text,
 * empty ones dropped, sorted, and overlapping or touching ranges merged. The analyzer's ranges overlap
 * (a compound and its parts, bigrams): `'까치집'` with [0,2) 까치, [2,3) 집, [1,3) 치집 → [0,3).
 */
export function mergeRanges(
  text: string,
  ranges: readonly TextRange[],
  bounds: Boundaries = boundariesOf(text),
): TextRange[] {
  const snapped: TextRange[] = [];
  for (const range of ranges) {
    if (!Number.isFinite(range.start) || !Number.isFinite(range.end)) continue;
    const start = bounds.down(Math.floor(range.start));
    const end = bounds.up(Math.ceil(range.end));
    if (end > start) snapped.push({ start, end });
  }
  snapped.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextRange[] = [];
  for (const range of snapped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * `text[window]` with each merged range wrapped in the tags; ranges reaching past the window are clipped
 * to it, like Meilisearch does for a cropped field. `merged` must come from `mergeRanges`.
 */
export function highlightWindow(
  text: string,
  merged: readonly TextRange[],
  window: TextRange,
  options: HighlightOptions,
): string {
  let out = '';
  let at = window.start;
  for (const range of merged) {
    const start = Math.max(range.start, window.start);
    const end = Math.min(range.end, window.end);
    if (end <= start) continue;
    out += text.slice(at, start) + options.preTag + text.slice(start, end) + options.postTag;
    at = end;
  }
  return out + text.slice(at, window.end);
}

/**
 * Wraps every match in `preTag`/`postTag`. Ranges are UTF-16 offsets, possibly overlapping and unsorted.
 * `highlight('까치가 🐦 날아요', [{start: 0, end: 2}], {preTag: '<em>', postTag: '</em>'})` → `'<em>까치</em>가 🐦 날아요'`.
 */
export function highlight(text: string, ranges: readonly TextRange[], options: HighlightOptions): string {
  return highlightWindow(text, mergeRanges(text, ranges), { start: 0, end: text.length }, options);
}
