// The engine end to end on Korean text: morphology, the query-side Korean features, relevance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEngine } from './helpers/temp-engine.ts';
import { KOREAN_DOCS } from './fixtures/korean-docs.ts';
import type { Engine } from '../src/engine.ts';

function seeded(engine: Engine) {
  const index = engine.createIndex('docs', { primaryKey: 'id' });
  index.updateSettings({ searchableAttributes: ['title', 'body', 'tags'], filterableAttributes: ['genre', 'year', 'tags'], sortableAttributes: ['year'] });
  index.addDocuments(KOREAN_DOCS);
  return index;
}

const ids = (hits: Array<Record<string, unknown>>) => hits.map((h) => h.id);

test('particles do not hide a word: 학교에서 finds the document that says 학교', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.equal(index.search({ q: '학교에서' }).hits[0]?.id, 3);
    assert.equal(index.search({ q: '장바구니를' }).hits[0]?.id, 2);
  });
});

test('NFD input (macOS file names) matches NFC text', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.equal(index.search({ q: '도서관'.normalize('NFD') }).hits[0]?.id, 10);
  });
});

test('chosung: ㄱㅅㅇㅈ finds 검색엔진', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const found = ids(index.search({ q: 'ㄱㅅㅇㅈ' }).hits);
    assert.ok(found.includes(1), `expected doc 1 in ${JSON.stringify(found)}`);
  });
});

test('keyboard layout: rjator (검색 typed in English mode) finds 검색 documents', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const found = ids(index.search({ q: 'rjator' }).hits);
    assert.ok(found.includes(1) && found.includes(7), JSON.stringify(found));
  });
});

test('jamo typo: 검샥 finds 검색', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.ok(ids(index.search({ q: '검샥' }).hits).includes(7));
  });
});

test('search as you type: 장바ㄱ and 장박 find 장바구니', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.equal(index.search({ q: '장바ㄱ' }).hits[0]?.id, 2);
    assert.equal(index.search({ q: '장박' }).hits[0]?.id, 2);
  });
});

test('spacing: 검색 엔진 and 검색엔진 find each other', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const spaced = ids(index.search({ q: '검색 엔진', matchingStrategy: 'all' }).hits);
    const joined = ids(index.search({ q: '검색엔진', matchingStrategy: 'all' }).hits);
    for (const found of [spaced, joined]) assert.ok(found.includes(1) && found.includes(7), JSON.stringify(found));
  });
});

test('each Korean feature can be switched off', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    index.updateSettings({ korean: { chosung: false, keyboardLayout: false, jamoTypo: false } });
    assert.deepEqual(ids(index.search({ q: 'ㄱㅅㅇㅈ' }).hits), []);
    assert.deepEqual(ids(index.search({ q: 'rjator' }).hits), []);
    assert.ok(!ids(index.search({ q: '검샥 ' }).hits).includes(7));
  });
});

test('relevance: the title about the query outranks documents that merely mention it', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    // doc 5's title is 까치와 까마귀 and its body is about 까치; doc 1 only mentions 까치네 in passing
    assert.equal(index.search({ q: '까치' }).hits[0]?.id, 5);
    // proximity: 검색 엔진 최적화 appears as a phrase only in doc 7
    assert.equal(index.search({ q: '검색 엔진 최적화' }).hits[0]?.id, 7);
  });
});

test('mixed Korean, English and numbers', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.equal(index.search({ q: 'iPhone 15 배터리' }).hits[0]?.id, 6);
    assert.equal(index.search({ q: 'usb-c' }).hits[0]?.id, 6);
    assert.equal(index.search({ q: '1995년' }).hits[0]?.id, 1);
  });
});

test('synonyms, stop words and user dictionary entries', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    index.updateSettings({ synonyms: { 카트: ['장바구니'] } });
    assert.equal(index.search({ q: '카트' }).hits[0]?.id, 2);
    // a stop word is dropped from the query: 'all' then requires only 날씨, not 자동차
    index.updateSettings({ stopWords: ['자동차'] });
    assert.deepEqual(ids(index.search({ q: '자동차 날씨', matchingStrategy: 'all' }).hits), [8]);
    index.updateSettings({ stopWords: [], dictionary: ['시립도서관'] });
    index.addDocuments([{ id: 11, title: '시립도서관 공지', body: '휴관일 안내' }]);
    assert.equal(index.search({ q: '시립도서관' }).hits[0]?.id, 11);
  });
});

test('phrases, exclusions and all-terms mode', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.deepEqual(ids(index.search({ q: '"검색 엔진 최적화"' }).hits), [7]);
    assert.ok(!ids(index.search({ q: '검색 -최적화' }).hits).includes(7));
    const all = ids(index.search({ q: '한국어 형태소', matchingStrategy: 'all' }).hits);
    assert.deepEqual(all, [4]);
  });
});

test('regression: an English word whose keys cannot assemble into Hangul (How) searches instead of throwing', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.doesNotThrow(() => index.search({ q: 'How does Apple iPhone work' }));
    assert.equal(index.search({ q: 'How Apple' }).hits[0]?.id, 6);
  });
});
