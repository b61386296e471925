// pickAttributes / selectAttributes: Meilisearch's permissive_json_pointer selection, plus displayedAttributes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pickAttributes, selectAttributes } from '../src/query/retrieve.ts';
import type { Document } from '../src/search-types.ts';
import { withEngine } from './helpers/temp-engine.ts';

const bird: Document = {
  id: 1,
  name: '까치',
  age: 8,
  race: { name: '유라시아 까치', avg_age: 12, size: '45cm' },
  sightings: [{ city: '서울', count: 3 }, { city: 'Busan', note: '🐦' }, '기타'],
};

describe('selectAttributes (permissive_json_pointer::select_values)', () => {
  const cases: Array<[string, string[], Document]> = [
    ['a simple key', ['name'], { name: '까치' }],
    ['several keys, in document order', ['age', 'name'], { name: '까치', age: 8 }],
    ['an object key keeps the whole object', ['race'], { race: bird.race! }],
    ['a nested key stays nested', ['race.name'], { race: { name: '유라시아 까치' } }],
    ['parent and child: the parent wins', ['race.name', 'race'], { race: bird.race! }],
    [
      'through an array of objects; scalars and empty elements dropped',
      ['sightings.note'],
      { sightings: [{ note: '🐦' }] },
    ],
    [
      'a missing nested key keeps an empty container',
      ['race.color', 'sightings.color'],
      { race: {}, sightings: [] },
    ],
    ['`*` selects everything', ['*'], bird],
    ['`race.*` reads as `race`', ['race.*'], { race: bird.race! }],
    ['nothing', [], {}],
    ['unknown keys', ['nope', 'name.first'], {}],
  ];
  for (const [name, selectors, expected] of cases)
    it(name, () => assert.deepEqual(selectAttributes(bird, selectors), expected));

  it('matches literal dotted keys as well as nested ones (the README example)', () => {
    const doc: Document = { 'dog.name': 'jean', dog: { name: 'bob', age: 6 } };
    assert.deepEqual(selectAttributes(doc, ['dog.name']), { 'dog.name': 'jean', dog: { name: 'bob' } });
  });

  it('goes through nested arrays', () => {
    const doc: Document = { grid: [[{ v: '가', w: 1 }], [{ w: 2 }]] };
    assert.deepEqual(selectAttributes(doc, ['grid.v']), { grid: [[{ v: '가' }], []] });
  });
});

describe('pickAttributes', () => {
  it('retrieves within displayedAttributes only', () => {
    assert.deepEqual(pickAttributes(bird, ['*'], ['id', 'name']), { id: 1, name: '까치' });
    assert.deepEqual(pickAttributes(bird, ['name', 'age'], ['id', 'name']), { name: '까치' });
    assert.deepEqual(pickAttributes(bird, ['race.size'], ['race']), { race: { size: '45cm' } });
    assert.deepEqual(pickAttributes(bird, ['race'], ['race.name']), { race: { name: '유라시아 까치' } });
  });

  it('returns a new top-level object, so adding _formatted never touches the stored document', () => {
    const picked = pickAttributes(bird, ['*'], ['*']);
    assert.deepEqual(picked, bird);
    assert.notEqual(picked, bird);
  });
});

describe('hits that show top-level attributes only (picked inside SQLite)', () => {
  const docs: Document[] = [
    { id: 1, title: '까치가 운다', flag: true, off: false, none: null, ratio: 0.30000000000000004, big: 2 ** 64 + 4096, tiny: 5e-324, quote: '따옴"표\\ \u2028 😀', race: { name: '까치', sizes: [1, { cm: 45 }] }, tags: [true, null, '새'] },
    { id: 'b-2', flag: false, title: '까치 둥지', ratio: -1.5e-7 },
    { title: '까치 설날', id: 3, race: [] },
  ];
  for (const [name, attributes] of [
    ['one attribute', ['id']],
    ['several, shown in each document’s own order', ['ratio', 'id', 'flag', 'title']],
    ['every kind of value', ['flag', 'off', 'none', 'ratio', 'big', 'tiny', 'quote', 'race', 'tags', 'id']],
    ['attributes some documents lack, or none has', ['missing', 'race']],
  ] as Array<[string, string[]]>)
    it(`${name}: the same hits as picking from whole documents`, async () => {
      await withEngine((engine) => {
        const index = engine.createIndex('birds', { primaryKey: 'id' });
        index.addDocuments(docs);
        index.updateSettings({ displayedAttributes: ['id', 'title', 'flag', 'off', 'none', 'ratio', 'big', 'tiny', 'quote', 'race', 'tags'] });
        // a dotted selector that matches nothing makes the search read whole documents
        const whole = index.search({ q: '까치', attributesToRetrieve: [...attributes, 'nothing.here'] }).hits;
        const picked = index.search({ q: '까치', attributesToRetrieve: attributes }).hits;
        assert.equal(picked.length, 3);
        assert.deepEqual(picked, whole);
        assert.deepEqual(picked.map((hit) => JSON.stringify(hit)), whole.map((hit) => JSON.stringify(hit)), 'the same key order');
      });
    });
});
