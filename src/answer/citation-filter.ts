// Citation checking for generated text: `[n]` markers must name a passage that was given; others are removed, even mid-stream.

// A marker: [1], [1, 3], [1][2] is two markers. Anything else in brackets is left alone.
const MARKER = /\s?\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/gu;
// The longest text a marker can take while still arriving, e.g. " [12, 13, 14"; longer brackets are no marker.
const HOLD = 16;

/**
 * Keeps the valid numbers of each marker (1..count) and drops markers with none.
 * @example checkCitations('서울이에요 [1][7]. 부산 [2, 9]', 2) // → '서울이에요 [1]. 부산 [2]'
 */
export function checkCitations(text: string, count: number): string {
  return text.replace(MARKER, (marker, list: string) => {
    const valid = list
      .split(',')
      .map((n) => Number(n.trim()))
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= count);
    if (valid.length === 0) return '';
    const space = marker.startsWith(' ') ? ' ' : '';
    return `${space}[${valid.join(', ')}]`;
  });
}

/** The numbers cited in checked text, in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MARKER))
    for (const n of m[1]!.split(',').map((x) => Number(x.trim()))) if (!out.includes(n)) out.push(n);
  return out;
}

/**
 * A streaming `checkCitations`: text after an unclosed `[` is held back until the marker closes (or
 * cannot be one), so a removed citation never reaches the reader.
 * @example const f = createCitationFilter(2); f.push('답은 서울 [') + f.push('3] 이에요') + f.flush() // → '답은 서울 이에요'
 */
export function createCitationFilter(count: number): { push(text: string): string; flush(): string } {
  let held = '';
  return {
    push(text) {
      held += text;
      const open = held.lastIndexOf('[');
      const closed =
        open === -1 ||
        held.indexOf(']', open) !== -1 ||
        held.length - open > HOLD ||
        !/^\[[\d,\s]*$/u.test(held.slice(open));
      // keep a lone trailing space too: it belongs to a marker that may still come
      const cut = closed
        ? held.endsWith(' ')
          ? held.length - 1
          : held.length
        : open > 0 && held[open - 1] === ' '
          ? open - 1
          : open;
      const ready = checkCitations(held.slice(0, cut), count);
      held = held.slice(cut);
      return ready;
    },
    flush() {
      const rest = checkCitations(held, count);
      held = '';
      return rest;
    },
  };
}
