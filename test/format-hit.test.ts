// formatHit: `_formatted` and `_matchesPosition` as Meilisearch builds them (cases from its tests/search/formatted.rs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatHit } from '../src/query/format-hit.ts';
import type { MatchRanges } from '../src/query/match-ranges.ts';
import type { Document } from '../src/search-types.ts';

const book: Document = {
  id: 852,
  title: '까치와 Kachi 🐦',
  overview: '아침에 까치가 울면 반가운 손님이 온다는 옛말이 있다. 그래서 까치는 길조로 여겨진다.',
  price: 12.5,
  available: true,
  note: null,
  tags: ['까치', '새', '까치집'],
  author: { name: '김까치', born: 1980 },
  doggos: [
    { name: '바둑이', age: 2 },
    { name: '까치', age: 4 },
  ],
};

/** What match-ranges.ts gives for the query "까치": per `${path}#${valueIndex}`, overlapping ranges included. */
const matches: MatchRanges = new Map([
  ['title#0', [{ start: 0, end: 2 }]],
  [
    'overview#0',
    [
      { start: 4, end: 6 },
      { start: 35, end: 37 },
    ],
  ],
  ['tags#0', [{ start: 0, end: 2 }]],
  [
    'tags#2',
    [
      { start: 0, end: 2 },
      { start: 0, end: 3 },
      { start: 1, end: 3 },
    ],
  ],
  ['author.name#0', [{ start: 1, end: 3 }]],
  ['doggos.name#1', [{ start: 0, end: 2 }]],
]);

describe('_formatted', () => {
  it('highlights the asked fields, copies the retrieved ones, and turns numbers into strings', () => {
    const { _formatted } = formatHit(book, matches, {
      attributesToHighlight: ['title'],
      attributesToRetrieve: ['id', 'price', 'available', 'note'],
    });
    assert.deepEqual(_formatted, {
      id: '852',
      title: '<em>까치</em>와 Kachi 🐦',
      price: '12.5',
      available: true,
      note: null,
    });
  });

  it('a highlighted field shows even when not retrieved; `*` retrieves every displayed field', () => {
    const { _formatted } = formatHit(book, matches, {
      attributesToHighlight: ['tags'],
      attributesToRetrieve: ['id'],
    });
    assert.deepEqual(_formatted, { id: '852', tags: ['<em>까치</em>', '새', '<em>까치집</em>'] });
    const all = formatHit(book, matches, { attributesToHighlight: ['title'] })._formatted;
    assert.deepEqual(Object.keys(all ?? {}), Object.keys(book));
  });

  it('`*` highlights every displayed field, nested objects and arrays leaf by leaf', () => {
    const { _formatted } = formatHit(book, matches, {
      attributesToHighlight: ['*'],
      attributesToRetrieve: [],
    });
    assert.deepEqual(_formatted?.author, { name: '김<em>까치</em>', born: '1980' });
    assert.deepEqual(_formatted?.doggos, [
      { name: '바둑이', age: '2' },
      { name: '<em>까치</em>', age: '4' },
    ]);
  });

  it('a nested path selects only that leaf, kept nested', () => {
    const { _formatted } = formatHit(book, matches, {
      attributesToHighlight: ['doggos.name'],
      attributesToRetrieve: [],
    });
    assert.deepEqual(_formatted, { doggos: [{ name: '바둑이' }, { name: '<em>까치</em>' }] });
    const mixed = formatHit(book, matches, {
      attributesToRetrieve: ['doggos.name'],
      attributesToHighlight: ['doggos.age'],
    })._formatted;
    assert.deepEqual(mixed, {
      doggos: [
        { name: '바둑이', age: '2' },
        { name: '까치', age: '4' },
      ],
    });
  });

  it('crops with the request cropLength, or the per-field `:n`, and highlights and crops together', () => {
    const options = { attributesToRetrieve: [], attributesToHighlight: ['overview'], cropLength: 3 };
    assert.deepEqual(formatHit(book, matches, { ...options, attributesToCrop: ['overview'] })._formatted, {
      overview: '아침에 <em>까치</em>가 울면…',
    });
    assert.deepEqual(
      formatHit(book, matches, { ...options, attributesToCrop: ['overview:2'], cropMarker: '[…]' })
        ._formatted,
      {
        overview: '아침에 <em>까치</em>가[…]',
      },
    );
    // Meilisearch falls back to cropLength when the `:n` is not a number.
    assert.deepEqual(
      formatHit(book, matches, { ...options, attributesToCrop: ['overview:many'] })._formatted,
      { overview: '아침에 <em>까치</em>가 울면…' },
    );
  });

  it('crops every string of an array on its own', () => {
    const { _formatted } = formatHit(
      { lines: ['하나 둘 셋 넷', '다섯 까치 일곱 여덟'] },
      new Map([['lines#1', [{ start: 3, end: 5 }]]]),
      {
        attributesToCrop: ['lines:2'],
      },
    );
    assert.deepEqual(_formatted, { lines: ['하나 둘…', '다섯 까치…'] });
  });

  it('uses the given tags', () => {
    const { _formatted } = formatHit(book, matches, {
      attributesToHighlight: ['title'],
      attributesToRetrieve: [],
      highlightPreTag: '<mark>',
      highlightPostTag: '</mark>',
    });
    assert.deepEqual(_formatted, { title: '<mark>까치</mark>와 Kachi 🐦' });
  });

  it('no `_formatted` without a displayed field to highlight or crop (displayedattr_2_smol)', () => {
    const displayedAttributes = ['id'];
    assert.deepEqual(
      formatHit(book, matches, {
        attributesToHighlight: ['title'],
        attributesToCrop: ['overview'],
        displayedAttributes,
      }),
      {},
    );
    assert.deepEqual(
      formatHit(book, matches, {
        attributesToHighlight: ['id'],
        attributesToRetrieve: ['title'],
        displayedAttributes,
      }),
      {
        _formatted: { id: '852' },
      },
    );
    assert.deepEqual(formatHit(book, matches, { attributesToRetrieve: ['*'] }), {});
  });

  it('`*` with displayedAttributes formats the displayed fields only', () => {
    const { _formatted } = formatHit(book, matches, {
      attributesToHighlight: ['*'],
      attributesToRetrieve: ['overview'],
      displayedAttributes: ['id', 'title'],
    });
    assert.deepEqual(_formatted, { id: '852', title: '<em>까치</em>와 Kachi 🐦' });
  });
});

describe('_matchesPosition', () => {
  it('counts UTF-8 bytes like Meilisearch: 3 per syllable, 4 per emoji', () => {
    const doc = { title: '🐦 까치 Kachi' };
    const found = formatHit(
      doc,
      new Map([
        [
          'title#0',
          [
            { start: 3, end: 5 },
            { start: 6, end: 11 },
          ],
        ],
      ]),
      { showMatchesPosition: true },
    );
    assert.deepEqual(found, {
      _matchesPosition: {
        title: [
          { start: 5, length: 6 },
          { start: 12, length: 5 },
        ],
      },
    });
    const bytes = Buffer.from(doc.title);
    assert.equal(bytes.subarray(5, 11).toString(), '까치');
  });

  it('merges overlapping ranges, sorts paths, and gives array indices', () => {
    const { _matchesPosition } = formatHit(book, matches, { showMatchesPosition: true });
    assert.deepEqual(Object.keys(_matchesPosition ?? {}), [
      'author.name',
      'doggos.name',
      'overview',
      'tags',
      'title',
    ]);
    assert.deepEqual(_matchesPosition?.tags, [
      { start: 0, length: 6, indices: [0] },
      { start: 0, length: 9, indices: [2] },
    ]);
    assert.deepEqual(_matchesPosition?.['doggos.name'], [{ start: 0, length: 6, indices: [1] }]);
    assert.deepEqual(_matchesPosition?.['author.name'], [{ start: 3, length: 6 }]);
    assert.deepEqual(_matchesPosition?.overview, [
      { start: 10, length: 6 },
      { start: 85, length: 6 },
    ]);
    const bytes = Buffer.from(String(book.overview));
    for (const { start, length } of _matchesPosition?.overview ?? [])
      assert.equal(bytes.subarray(start, start + length).toString(), '까치');
  });

  it('only displayed fields are positioned, whatever attributesToRetrieve says', () => {
    const { _matchesPosition } = formatHit(book, matches, {
      showMatchesPosition: true,
      attributesToRetrieve: ['id'],
      displayedAttributes: ['title', 'author'],
    });
    assert.deepEqual(_matchesPosition, {
      'author.name': [{ start: 3, length: 6 }],
      title: [{ start: 0, length: 6 }],
    });
  });

  it('numbers are positioned in their string form; no match gives an empty object', () => {
    const doc = { year: 2024, label: '2024년' };
    const found = formatHit(doc, new Map([['year#0', [{ start: 0, end: 4 }]]]), {
      showMatchesPosition: true,
      attributesToHighlight: ['year'],
    });
    assert.deepEqual(found, {
      _formatted: { year: '<em>2024</em>', label: '2024년' },
      _matchesPosition: { year: [{ start: 0, length: 4 }] },
    });
    assert.deepEqual(formatHit(doc, new Map(), { showMatchesPosition: true }), { _matchesPosition: {} });
  });
});
