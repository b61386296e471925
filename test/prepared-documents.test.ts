// Analysis done ahead on the analysis thread (prepareDocuments) indexes exactly what analysis at write
// time would, and is set aside when it no longer fits: other documents, or analysis settings changed since.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { withEngine } from './helpers/temp-engine.ts';
import type { KachiIndex } from '../src/engine-types.ts';
import type { Document } from '../src/search-types.ts';

const DOCS: Document[] = [
  { id: 1, title: '학교에 갔다가 도서관에서 책을 빌렸다', tags: ['독서', '방학'] },
  { id: 2, title: 'iPhone 15 출시일과 가격', body: '애플은 9월에 아이폰15를 공개했다' },
  { id: 3, title: '검색엔진을 만들었어요', body: '까치네는 1995년의 한국어 검색엔진이다' },
];
const QUERIES = ['도서관', '아이폰', '검색 엔진', 'ㄱㅅㅇㅈ', 'rjator', '1995년', '서관'];

function results(index: KachiIndex) {
  return QUERIES.map((q) => index.search({ q, showRankingScore: true, attributesToHighlight: ['*'] }).hits);
}

test('documents analysed ahead index exactly as documents analysed at write time', async () => {
  await withEngine(async (engine) => {
    const plain = engine.createIndex('plain');
    const ahead = engine.createIndex('ahead');
    plain.addDocuments(DOCS);
    const prepared = await ahead.prepareDocuments!(DOCS);
    if (availableParallelism() > 1) assert.notEqual(prepared, null, 'two cores: the analysis thread takes it');
    ahead.addDocuments(DOCS, { prepared });
    assert.deepEqual(results(ahead), results(plain));
    assert.equal(results(ahead)[0]!.length, 1);
    assert.equal(await ahead.prepareDocuments!(DOCS, { mode: 'update' }), null, 'update mode merges inside the write');
  });
});

test('analysis done ahead is set aside when the documents or the settings changed since', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('docs');
    index.addDocuments([{ id: 0, title: '준비' }]);
    // prepared for other documents than those written: they are analysed at write time
    const other = await index.prepareDocuments!([{ id: 9, title: '전혀 다른 문서' }]);
    index.addDocuments(DOCS.slice(0, 1), { prepared: other });
    assert.equal(index.search({ q: '도서관' }).hits.length, 1);
    assert.equal(index.search({ q: '다른' }).hits.length, 0);

    // prepared with bigrams, written after bigrams were switched off: the new settings hold
    const stale = await index.prepareDocuments!(DOCS.slice(1));
    index.updateSettings({ korean: { bigrams: false } });
    index.addDocuments(DOCS.slice(1), { prepared: stale });
    assert.equal(index.search({ q: '엔진' }).hits.length, 1, 'the morpheme still matches');
    assert.equal(index.search({ q: '색엔' }).hits.length, 0, 'no bigram was indexed');
  });
});
