// Golden tables for cropping: Meilisearch's own crop snapshots, then Korean, space-less runs and emoji.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crop, cropWindow, formatText } from '../src/query/crop.ts';
import type { TextRange } from '../src/query/highlight.ts';

const EM = { preTag: '<em>', postTag: '</em>' };
const crop10 = { cropLength: 10, marker: '…' };

/** Ranges of the words of `text` equal (case-insensitively) to one of `terms`: a stand-in for the analyzer. */
function matchWords(text: string, terms: string[]): TextRange[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)]
    .filter((m) => terms.includes(m[0].toLowerCase()))
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function find(text: string, word: string): TextRange[] {
  const out: TextRange[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1))
    out.push({ start: i, end: i + word.length });
  return out;
}

// From milli's matches/mod.rs tests (`format_crop`, `format_highlight_crop`, `smaller_crop_size`), query "split the world".
describe("Meilisearch's crop snapshots", () => {
  const query = ['split', 'the', 'world'];
  const cases: Array<[string, string, string]> = [
    [
      'no match: the first words',
      'A quick brown fox can not jump 32 feet, right? Brr, it is cold!',
      'A quick brown fox can not jump 32 feet, right…',
    ],
    [
      'no match, leading separator kept',
      '(A quick brown fox can not jump 32 feet, right? Brr, it is cold!)',
      '(A quick brown fox can not jump 32 feet, right…',
    ],
    [
      'some matches',
      'Natalie risk her future to build a world with the boy she loves.',
      '…future to build a <em>world</em> with <em>the</em> boy she loves…',
    ],
    [
      'all matches: the window with every term wins, and grows away from the sentence end',
      'Natalie risk her future to build a world with the boy she loves. Emily Henry: The Love That Split The World.',
      '…she loves. Emily Henry: <em>The</em> Love That <em>Split</em> <em>The</em> <em>World</em>.',
    ],
    [
      'denser matches win',
      'split void the void void world void void void void void void void void void void split the world void void',
      '…void void void void void <em>split</em> <em>the</em> <em>world</em> void void',
    ],
    [
      'more distinct terms win over repeats of one',
      'split split split split split split void void void void void void void void void void split the world void void',
      '…void void void void void <em>split</em> <em>the</em> <em>world</em> void void',
    ],
  ];
  for (const [name, text, expected] of cases)
    it(name, () =>
      assert.equal(formatText(text, matchWords(text, query), { crop: crop10, highlight: EM }), expected),
    );

  it('a crop smaller than the matches keeps the first of them; 0 means no crop', () => {
    const text = 'void void split the world void void.';
    const ranges = matchWords(text, query);
    assert.equal(crop(text, ranges, { cropLength: 2, marker: '…' }), '…split the…');
    assert.equal(crop(text, ranges, { cropLength: 1, marker: '…' }), '…split…');
    assert.equal(crop(text, ranges, { cropLength: 0, marker: '…' }), text);
  });

  it('phrase matches: a phrase is one match, cut to the window when longer than it', () => {
    const text =
      'The groundbreaking invention had the power to split the world between those who embraced progress and those who resisted change!';
    assert.equal(
      formatText(text, find(text, 'the world'), { crop: crop10, highlight: EM }),
      '…the power to split <em>the world</em> between those who embraced…',
    );
    const long = { start: 0, end: text.indexOf(' who') };
    assert.equal(
      formatText(text, [long], { crop: crop10, highlight: EM }),
      '<em>The groundbreaking invention had the power to split the world</em>…',
    );
  });
});

describe('regressions', () => {
  it('a match longer than the window, mid-text, starts the window at the match (milli would start at 0)', () => {
    const text = '오늘 아침 뉴스: 서울 하늘에 까치 떼가 날았다 그리고 비가 왔다';
    const phrase = { start: text.indexOf('서울'), end: text.indexOf(' 그리고') };
    assert.equal(
      formatText(text, [phrase], { crop: { cropLength: 3, marker: '…' }, highlight: EM }),
      '…<em>서울 하늘에 까치</em>…',
    );
    assert.equal(
      formatText('search\n까치🇰🇷(엜윟!v1', [{ start: 6, end: 15 }], { crop: { cropLength: 1, marker: '…' } }),
      '…까치🇰🇷…',
    );
  });
});

describe('Korean cropping', () => {
  const text =
    '서울특별시는 대한민국의 수도이며, 인구는 약 940만 명이다. 🐦 까치가 많이 사는 도시로, Kachi 검색엔진의 이름도 까치에서 왔다.';

  it('counts each eojeol (and a lone emoji) as a word, grows both ways, and away from a sentence end', () => {
    assert.equal(
      formatText(text, find(text, '까치').slice(0, 1), {
        crop: { cropLength: 4, marker: '…' },
        highlight: EM,
      }),
      '…🐦 <em>까치</em>가 많이 사는…',
    );
  });

  it('prefers the window holding more distinct terms', () => {
    const ranges = [...find(text, '까치'), ...find(text, '검색'), ...find(text, '엔진')];
    assert.equal(
      formatText(text, ranges, { crop: { cropLength: 5, marker: '…' }, highlight: EM }),
      '…Kachi <em>검색엔진</em>의 이름도 <em>까치</em>에서 왔다…',
    );
  });

  it('no match: the first words, the marker only at the end', () => {
    assert.equal(crop(text, [], { cropLength: 3, marker: '…' }), '서울특별시는 대한민국의 수도이며…');
  });

  it('a match at the start or the end gets no marker on that side', () => {
    assert.equal(
      crop('까치가 많이 사는 도시', find('까치가 많이 사는 도시', '까치'), { cropLength: 2, marker: '…' }),
      '까치가 많이…',
    );
    assert.equal(
      crop('많이 사는 새는 까치', find('많이 사는 새는 까치', '까치'), { cropLength: 2, marker: '…' }),
      '…새는 까치',
    );
  });

  it('uses the given marker, or none', () => {
    const ranges = find(text, '940');
    assert.equal(crop(text, ranges, { cropLength: 3, marker: ' [...] ' }), ' [...] 약 940만 명이다 [...] ');
    assert.equal(crop(text, ranges, { cropLength: 3, marker: '' }), '약 940만 명이다');
  });

  it('a long run without spaces is cut between syllables, in pieces of five', () => {
    const run =
      '대한민국의수도는서울특별시이며인구는약구백사십만명이다까치가많이살고있어서아침마다까치소리가들린다';
    assert.equal(
      formatText(run, find(run, '까치').slice(0, 1), { crop: { cropLength: 3, marker: '…' }, highlight: EM }),
      '…백사십만명이다<em>까치</em>가많이살고있…',
    );
    assert.equal(crop(run, [], { cropLength: 2, marker: '…' }), '대한민국의수도는서울…');
  });

  it('emoji and surrogate pairs are never cut', () => {
    const emoji = '🐦'.repeat(30);
    const window = cropWindow(emoji, [], 1);
    assert.equal(window.start, 0);
    assert.equal(window.end % 2, 0);
    assert.equal(crop(emoji, [], { cropLength: 1, marker: '…' }), `${'🐦'.repeat(5)}…`);
  });

  it('text of separators only, and empty text, come back whole', () => {
    assert.equal(crop(':-) !!', [], crop10), ':-) !!');
    assert.equal(crop('', [], crop10), '');
  });
});
