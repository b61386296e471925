// Bulk loading (addDocumentBatches): the next batch is analysed on both threads while one is written. It must
// index exactly what loading batch by batch does, and stop at a bad batch or a bad read keeping what came before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEngine } from './helpers/temp-engine.ts';
import type { KachiIndex, WriteResult } from '../src/engine-types.ts';
import type { KachiIndexImpl } from '../src/kachi-index.ts';
import type { Document } from '../src/search-types.ts';
import type { TokenColumns } from '../src/analysis/token-columns.ts';

const WORDS = ['학교에서', '도서관을', '검색엔진은', '까치네가', '1995년에', '서울특별시의', 'iPhone', '아이폰15를', '회장이었다', '노래를', '부르며', '기록되었다'];

/** Batches of Korean, English and numbers; each batch is over the analyzer's 100,000 characters, so the worker takes a share. */
function corpus(batches: number, perBatch: number): Document[][] {
  return Array.from({ length: batches }, (_, b) =>
    Array.from({ length: perBatch }, (_, i) => {
      const n = b * perBatch + i;
      const words = Array.from({ length: 40 }, (_, k) => WORDS[(n * 7 + k * 5 + (k >> 2)) % WORDS.length]!);
      return { id: `d${n}`, title: `${n}번째 문서 ${WORDS[n % WORDS.length]}`, text: `${words.join(' ')} 문서${n}번` };
    }),
  );
}

const QUERIES = ['도서관', '검색 엔진', '까치네', '1995년', 'iphone', '아이폰', '문서17번', 'ㄱㅅㅇㅈ'];

function results(index: KachiIndex) {
  return QUERIES.map((q) => index.search({ q, limit: 30, showRankingScore: true, attributesToHighlight: ['text'] }).hits);
}

test('a bulk load indexes exactly what loading batch by batch does', async () => {
  await withEngine(async (engine) => {
    const batches = corpus(4, 400);
    const plain = engine.createIndex('plain');
    for (const batch of batches) plain.addDocuments(batch);
    const bulk = engine.createIndex('bulk');
    const heard: Array<[number, WriteResult]> = [];
    const total = await bulk.addDocumentBatches!(
      (async function* () {
        yield* batches;
      })(),
      { onBatch: (result, batch) => heard.push([batch, result]) },
    );
    assert.deepEqual(total, { indexedDocuments: 1600, deletedDocuments: 0 });
    assert.deepEqual(heard.map(([batch, result]) => [batch, result.indexedDocuments]), [[0, 400], [1, 400], [2, 400], [3, 400]]);
    assert.equal((plain as KachiIndexImpl).inverted.segments.length, 4, 'a segment per batch');
    assert.equal((bulk as KachiIndexImpl).inverted.segments.length, 1, 'the load ends by merging its segments');
    const expected = results(plain);
    assert.ok(expected.every((hits) => hits.length > 0), 'every query finds documents');
    assert.deepEqual(results(bulk), expected);
  });
});

test('analysis shared with the worker gives the columns of analysis on one thread', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('docs') as KachiIndexImpl;
    const texts = corpus(1, 600)[0]!.flatMap((d) => [String(d['title']), String(d['text'])]);
    const alone = index.analyzer.analyzeColumns(texts);
    // a long write between batches moves most of the next batch to the worker; none leaves it on this thread mostly
    for (const otherWorkMs of [0, 10_000, 0]) {
      const shared = await index.analyzer.analyzeColumnsAlongside(texts, otherWorkMs);
      assert.ok(shared !== null);
      assert.deepEqual(tokensOf(shared), tokensOf(alone));
    }
  });
});

/** Each text's tokens as (term, kind, position, start, end): columns from two threads number their terms differently. */
function tokensOf(columns: TokenColumns): string[][] {
  return Array.from({ length: columns.textStarts.length - 1 }, (_, i) => {
    const tokens: string[] = [];
    for (let k = columns.textStarts[i]!; k < columns.textStarts[i + 1]!; k++) {
      const entry = columns.entries[k]!;
      tokens.push(`${columns.terms[entry]}/${columns.kinds[entry]}@${columns.positions[k]}:${columns.starts[k]}-${columns.ends[k]}`);
    }
    return tokens;
  });
}

test('a bulk load stops at the first bad batch and keeps the batches before it', async () => {
  await withEngine(async (engine) => {
    const batches = corpus(4, 300);
    batches[2]![5] = { id: 'bad id!', title: '잘못된 문서' };
    const index = engine.createIndex('docs', { primaryKey: 'id' });
    const written: number[] = [];
    await assert.rejects(
      index.addDocumentBatches!(batches, { onBatch: (_, batch) => written.push(batch) }),
      (error: Error & { code?: string }) => error.code === 'invalid_document_id' && /position 5/.test(error.message),
    );
    assert.deepEqual(written, [0, 1]);
    assert.equal(index.getDocuments({ limit: 1 }).total, 600);
    assert.equal(index.getDocument('d599')['id'], 'd599');
    assert.throws(() => index.getDocument('d600'), /not found/);
  });
});

test('a failed read keeps the batch read before it', async () => {
  await withEngine(async (engine) => {
    const batches = corpus(2, 300);
    const index = engine.createIndex('docs');
    async function* source() {
      yield* batches;
      throw new Error('line 601: not JSON');
    }
    await assert.rejects(index.addDocumentBatches!(source()), /not JSON/);
    assert.equal(index.getDocuments({ limit: 1 }).total, 600, 'the batch analysed ahead was written before the error');
  });
});
