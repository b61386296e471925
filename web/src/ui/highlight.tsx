// Safe highlighting: the server wraps matches in private-use markers, never HTML, so hit text is always text.
import type { ComponentChildren } from 'preact';

/** Highlight tags sent as `highlightPreTag`/`highlightPostTag`: private-use code points never found in documents. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** `'a\uE000b\uE001c'` → `a<mark>b</mark>c`, as Preact nodes (no HTML parsing). */
export function Marked({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let rest = text;
  let key = 0;
  for (;;) {
    const start = rest.indexOf(MARK_START);
    if (start < 0) break;
    const end = rest.indexOf(MARK_END, start + 1);
    if (end < 0) break;
    if (start > 0) parts.push(rest.slice(0, start));
    parts.push(<mark key={key++}>{rest.slice(start + 1, end)}</mark>);
    rest = rest.slice(end + 1);
  }
  if (rest) parts.push(rest.replaceAll(MARK_START, '').replaceAll(MARK_END, ''));
  return <>{parts}</>;
}

/** Text with `[start, end)` ranges (UTF-16 indexes) marked; overlapping ranges are merged. */
export function RangeMarked({
  text,
  ranges,
  markClass,
}: {
  text: string;
  ranges: Array<[number, number]>;
  markClass?: string;
}) {
  const sorted = [...ranges].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const parts: ComponentChildren[] = [];
  let at = 0;
  sorted.forEach(([start, end], i) => {
    const from = Math.max(start, at);
    if (end <= from) return;
    if (from > at) parts.push(text.slice(at, from));
    parts.push(
      <mark key={i} class={markClass}>
        {text.slice(from, end)}
      </mark>,
    );
    at = end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** `_matchesPosition` counts UTF-8 bytes (as Meilisearch does); the DOM counts UTF-16 units. */
export function utf8RangesToUtf16(
  text: string,
  positions: Array<{ start: number; length: number }>,
): Array<[number, number]> {
  const byteToIndex = new Map<number, number>();
  let bytes = 0;
  let index = 0;
  for (const char of text) {
    byteToIndex.set(bytes, index);
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += char.length;
  }
  byteToIndex.set(bytes, index);
  return positions.flatMap(({ start, length }) => {
    const from = byteToIndex.get(start);
    const to = byteToIndex.get(start + length);
    return from === undefined || to === undefined ? [] : [[from, to] as [number, number]];
  });
}
