// Property tests: highlighting and cropping never cut a surrogate pair or a Hangul syllable (precomposed or NFD),
// and removing the tags and markers gives back the original text, checked against Intl.Segmenter as the oracle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cropWindow, formatText } from '../src/query/crop.ts';
import { highlight, mergeRanges, type TextRange } from '../src/query/highlight.ts';
import { formatHit } from '../src/query/format-hit.ts';

// Tags and marker use characters the generated text never contains, so they can be stripped unambiguously.
const TAGS = { preTag: '⟦', postTag: '⟧' };
const MARKER = '⋯';
const strip = (s: string) => s.replaceAll(TAGS.preTag, '').replaceAll(TAGS.postTag, '');

const piece = fc.oneof(
  fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c)), // 가…힣
  fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c).normalize('NFD')), // ᄀ+ᅡ(+ᆨ)
  fc.constantFrom('🐦', '😀', '👩‍💻', '🇰🇷', '👍🏽', '❤️', 'e\u0301'),
  fc.integer({ min: 0x20000, max: 0x2a6df }).map((c) => String.fromCodePoint(c)), // astral Hanja: surrogate pairs
  fc.constantFrom('Kachi', 'search', 'v1', '2024', 'a', '까치', '검색엔진'),
  fc.constantFrom(' ', ' ', ' ', '. ', ', ', '\n', '!', '(', ')', '-', '\r\n'),
);
const text = fc.array(piece, { maxLength: 80 }).map((pieces) => pieces.join(''));
const textWithRanges = text.chain((t) =>
  fc.tuple(
    fc.constant(t),
    fc.array(
      fc
        .tuple(fc.nat(t.length), fc.nat(t.length))
        .map(([a, b]): TextRange => ({ start: Math.min(a, b), end: Math.max(a, b) })),
      { maxLength: 8 },
    ),
  ),
);

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
function graphemeBoundaries(t: string): Set<number> {
  const out = new Set([t.length]);
  for (const { index } of segmenter.segment(t)) out.add(index);
  return out;
}

/** Offsets in the original text where a tag was inserted. */
function tagOffsets(output: string): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const ch of output) {
    if (ch === TAGS.preTag || ch === TAGS.postTag) out.push(offset);
    else offset += ch.length;
  }
  return out;
}

/** A cut at `offset` would split a surrogate pair or an NFD syllable (a vowel or final jamo follows). */
function splitsCharacter(t: string, offset: number): boolean {
  const before = t.charCodeAt(offset - 1);
  const after = t.charCodeAt(offset);
  const pairSplit = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return pairSplit || (after >= 0x1160 && after <= 0x11ff);
}

function wordCount(t: string): number {
  let words = 0;
  let run = 0;
  const close = () => {
    if (run > 0) words += run <= 20 ? 1 : Math.ceil(run / 5);
    run = 0;
  };
  for (const { segment } of segmenter.segment(t)) {
    if (/^[\s\p{P}\p{Sm}\p{Sc}\p{Sk}\p{Cc}]/u.test(segment)) close();
    else run++;
  }
  close();
  return words;
}

describe('highlight properties', () => {
  it('removing the tags gives back the text; tags sit on grapheme boundaries and never split a character', () => {
    fc.assert(
      fc.property(textWithRanges, ([t, ranges]) => {
        const output = highlight(t, ranges, TAGS);
        assert.equal(strip(output), t);
        const bounds = graphemeBoundaries(t);
        for (const offset of tagOffsets(output)) {
          assert.ok(bounds.has(offset), `tag at ${offset} is inside a grapheme of ${JSON.stringify(t)}`);
          assert.ok(!splitsCharacter(t, offset));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('merged ranges are sorted, apart, idempotent, and cover every input range', () => {
    fc.assert(
      fc.property(textWithRanges, ([t, ranges]) => {
        const merged = mergeRanges(t, ranges);
        for (let i = 1; i < merged.length; i++) assert.ok(merged[i]!.start > merged[i - 1]!.end);
        assert.deepEqual(mergeRanges(t, merged), merged);
        for (const range of ranges)
          for (let i = range.start; i < range.end; i++)
            assert.ok(merged.some((m) => m.start <= i && i < m.end));
      }),
      { numRuns: 300 },
    );
  });
});

describe('crop properties', () => {
  const cropLength = fc.integer({ min: 1, max: 12 });

  it('the output is the window with markers where text was cut; highlighting it changes nothing else', () => {
    fc.assert(
      fc.property(textWithRanges, cropLength, ([t, ranges], length) => {
        const window = cropWindow(t, ranges, length);
        const bounds = graphemeBoundaries(t);
        assert.ok(
          bounds.has(window.start) && bounds.has(window.end),
          `window ${window.start}-${window.end} cuts a grapheme`,
        );
        assert.ok(!splitsCharacter(t, window.start) && !splitsCharacter(t, window.end));
        const cropped = formatText(t, ranges, { crop: { cropLength: length, marker: MARKER } });
        const expected =
          (window.start > 0 ? MARKER : '') +
          t.slice(window.start, window.end) +
          (window.end < t.length ? MARKER : '');
        assert.equal(cropped, expected);
        const both = formatText(t, ranges, { crop: { cropLength: length, marker: MARKER }, highlight: TAGS });
        assert.equal(strip(both), cropped);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps at most cropLength words, and keeps a match when the text has one', () => {
    fc.assert(
      fc.property(textWithRanges, cropLength, ([t, ranges], length) => {
        const window = cropWindow(t, ranges, length);
        assert.ok(wordCount(t.slice(window.start, window.end)) <= length);
        const matchesAWord = mergeRanges(t, ranges).filter((r) => wordCount(t.slice(r.start, r.end)) > 0);
        if (matchesAWord.length > 0)
          assert.ok(matchesAWord.some((r) => r.start < window.end && r.end > window.start));
      }),
      { numRuns: 400 },
    );
  });
});

describe('formatHit properties', () => {
  it('_matchesPosition bytes decode to the matched text, and _formatted strips back to the value', () => {
    fc.assert(
      fc.property(textWithRanges, ([t, ranges]) => {
        const hit = formatHit({ body: t }, new Map([['body#0', ranges]]), {
          attributesToHighlight: ['body'],
          showMatchesPosition: true,
          highlightPreTag: TAGS.preTag,
          highlightPostTag: TAGS.postTag,
        });
        const formatted = hit._formatted?.body;
        assert.equal(typeof formatted, 'string');
        assert.equal(strip(String(formatted)), t);
        const bytes = Buffer.from(t);
        const merged = mergeRanges(t, ranges);
        const positions = hit._matchesPosition?.body ?? [];
        assert.equal(positions.length, merged.length);
        positions.forEach(({ start, length }, i) => {
          assert.equal(
            bytes.subarray(start, start + length).toString(),
            t.slice(merged[i]!.start, merged[i]!.end),
          );
        });
      }),
      { numRuns: 200 },
    );
  });
});
