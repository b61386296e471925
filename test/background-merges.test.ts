// Background merges (the server's mode): searches meanwhile see the unmerged segments, the merged
// segment replaces them whole, deletions made during a merge stay deleted, and a restart finds it all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEngine } from '../src/engine.ts';
import { KachiIndexImpl } from '../src/kachi-index.ts';
import { InvertedIndex } from '../src/index/inverted-index.ts';
import { IndexStore } from '../src/store/index-store.ts';
import type { Engine, KachiIndex } from '../src/engine-types.ts';
import type { Document } from '../src/search-types.ts';
import { tempDir } from './helpers/temp-engine.ts';

const WORDS = [
  '학교',
  '도서관',
  '검색엔진',
  '까치',
  '한국어',
  '형태소',
  'iPhone',
  '장바구니',
  '알림',
  '위키백과',
];

/** 100 documents per batch: eight batches make a merge of 800 documents, sent to the merge thread. */
function batch(b: number): Document[] {
  return Array.from({ length: 100 }, (_, i) => {
    const n = b * 100 + i;
    return {
      id: n,
      title: `${WORDS[n % WORDS.length]}에 관한 글 ${n}`,
      body: `${WORDS[(n * 7) % WORDS.length]}을 찾아보았다 ${WORDS[(n * 3) % WORDS.length]}`,
    };
  });
}

/** Every word's hits with their scores, and the total. */
function snapshot(index: KachiIndex) {
  return WORDS.map((q) => {
    const result = index.search({ q, limit: 1000, showRankingScore: true });
    return {
      q,
      total: result.estimatedTotalHits,
      hits: result.hits.map((h) => `${String(h.id)} ${String(h._rankingScore)}`).sort(),
    };
  });
}

/**
 * An index on an engine in the server's mode (background merges) beside the same index on an in-place engine,
 * for `body`; both folders are removed afterwards (the engines are the body's to close).
 */
async function withServerAndReference(
  body: (pair: {
    engine: Engine;
    inPlace: Engine;
    index: KachiIndexImpl;
    expected: KachiIndex;
    dir: string;
  }) => Promise<void>,
): Promise<void> {
  const dir = tempDir();
  const reference = tempDir();
  try {
    const engine = openEngine({ dbPath: dir.path, backgroundMerges: true });
    const inPlace = openEngine({ dbPath: reference.path });
    const index = engine.createIndex('docs');
    assert.ok(index instanceof KachiIndexImpl);
    await body({ engine, inPlace, index, expected: inPlace.createIndex('docs'), dir: dir.path });
  } finally {
    dir.remove();
    reference.remove();
  }
}

test('a background merge replaces its segments whole; deletions made meanwhile hold; a restart agrees', () =>
  withServerAndReference(async ({ engine, inPlace, index, expected, dir }) => {
    for (let b = 0; b < 8; b++) {
      index.addDocuments(batch(b));
      expected.addDocuments(batch(b));
    }
    // The eighth batch started a merge of all eight segments; until it lands, they are all still searched.
    assert.equal(index.inverted.segments.length, 8, 'not merged in place');
    assert.deepEqual(snapshot(index), snapshot(expected));
    // Written while the merge runs: deletions inside the merged segments, and a new batch after them.
    for (const target of [index, expected]) {
      target.deleteDocuments([3, 150, 799]);
      target.addDocuments(batch(8));
    }
    await index.inverted.mergesSettled();
    assert.equal(index.inverted.segments.length, 2, 'the eight merged into one, beside the newest');
    assert.equal(
      index.inverted.segments[0]!.docCount,
      800,
      'deleted after the merge started: in it, but not live',
    );
    assert.deepEqual(snapshot(index), snapshot(expected));
    assert.equal(index.search({ q: '799' }).hits.length, 0);

    engine.close();
    const reopened = openEngine({ dbPath: dir, backgroundMerges: true });
    assert.deepEqual(snapshot(reopened.getIndex('docs')), snapshot(expected));
    reopened.close();
    inPlace.close();
  }));

test('closing an index while a merge runs drops the merge and loses nothing', async () => {
  const dir = tempDir();
  try {
    const engine = openEngine({ dbPath: dir.path, backgroundMerges: true });
    const index = engine.createIndex('docs');
    assert.ok(index instanceof KachiIndexImpl);
    for (let b = 0; b < 8; b++) index.addDocuments(batch(b));
    const settled = index.inverted.mergesSettled();
    engine.close();
    await settled;
    const reopened = openEngine({ dbPath: dir.path });
    const docs = reopened.getIndex('docs');
    assert.equal(docs.stats().numberOfDocuments, 800);
    assert.equal(docs.search({ q: '까치', limit: 1000 }).hits.length, 240, 'in 80 titles and 160 bodies');
    reopened.close();
  } finally {
    dir.remove();
  }
});

test('a segment is saved only after every segment before it, so a restart replays in document order', async () => {
  const dir = tempDir();
  try {
    const store = new IndexStore(dir.path);
    // Documents must be stored for load() to count them live: a few bare rows, numbered 0…499.
    store.transaction(() => {
      for (let i = 0; i < 500; i++)
        store.insert({ docNum: store.allocateDocNum(), extId: `d${i}`, body: '{}' });
      store.saveDocNumCounter();
    });
    const analysed = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        docNum: from + i,
        fields: [{ field: 0, length: 1, keys: ['w:까치'], positions: [0] }],
      }));
    const index = new InvertedIndex(store, { persistMinDocs: 300 });
    index.addBatch(analysed(0, 100)); // below the threshold: not saved by itself
    assert.deepEqual(index.savedSegmentNames(), null);
    index.addBatch(analysed(100, 300)); // saved, and the segment before it with it
    assert.equal(index.savedSegmentNames()?.length, 2);
    index.addBatch(analysed(400, 100)); // unsaved: replayed after a restart
    const reopened = new InvertedIndex(store, { persistMinDocs: 300 });
    assert.deepEqual(reopened.load(), [
      [0, 99],
      [100, 399],
    ]);
    assert.equal(reopened.documentCount, 400);
    store.close();
  } finally {
    dir.remove();
  }
});

/** Every word's hits (ids only: a merge that drops deleted documents moves idf a little) and the total. */
function matches(index: KachiIndex) {
  return WORDS.map((q) => {
    const result = index.search({ q, limit: 1000 });
    return { q, total: result.estimatedTotalHits, ids: result.hits.map((h) => String(h.id)).sort() };
  });
}

/** Waits until the index's segment count is `count` (idle merges run a second after the last write), at most 20 s. */
async function segmentsBecome(index: KachiIndexImpl, count: number): Promise<void> {
  for (let i = 0; i < 200 && index.inverted.segments.length !== count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await index.inverted.mergesSettled();
  }
  assert.equal(index.inverted.segments.length, count);
}

test('when writes pause, the small segments at the tail are merged, and the largest with them when they are a quarter of it', () =>
  withServerAndReference(async ({ engine, inPlace, index, expected, dir }) => {
    // One segment of 400 documents, then two small ones.
    const sized = (b: number, count: number) => batch(b).slice(0, count);
    for (const target of [index, expected]) {
      target.addDocuments([0, 1, 2, 3].flatMap((b) => batch(b)));
      target.addDocuments(sized(4, 30));
      target.addDocuments(sized(5, 20));
      target.deleteDocuments([410]);
    }
    assert.equal(index.inverted.segments.length, 3, '400 + 30 + 20 documents, not merged yet');
    await segmentsBecome(index, 2); // 50 is an eighth of 400: the tail alone
    assert.deepEqual(
      index.inverted.segments.map((s) => s.docCount),
      [400, 49],
      'the deleted document left out',
    );
    assert.deepEqual(matches(index), matches(expected));

    for (const target of [index, expected]) target.addDocuments(sized(6, 60));
    await segmentsBecome(index, 1); // 50 + 60 is more than a quarter of 400: everything
    assert.equal(index.inverted.segments[0]!.docCount, 509);
    assert.deepEqual(matches(index), matches(expected));
    assert.equal(index.search({ q: '410' }).hits.length, 0, 'deleted before the merge, and still deleted');

    engine.close();
    const reopened = openEngine({ dbPath: dir, backgroundMerges: true });
    assert.deepEqual(matches(reopened.getIndex('docs')), matches(expected));
    reopened.close();
    inPlace.close();
  }));

test('the server builds the typo side indexes on a thread: for a first search, and when writes pause on a searched index', () =>
  withServerAndReference(async ({ engine, inPlace, index, expected }) => {
    const waitForVariants = async () => {
      for (let i = 0; i < 200 && !index.variantsBuilt; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    for (const target of [index, expected]) for (let b = 0; b < 3; b++) target.addDocuments(batch(b));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(index.variantsBuilt, false, 'never searched: not built (they take memory)');
    // typos, initial consonants and a prefix: each goes through the side indexes
    for (const q of ['도서곤', 'ㄷㅅㄱ', 'ㄱㅅㅇㅈ', '위키백', '장바구ㄴ', 'iPhome']) {
      const ids: unknown[] = (await index.searchAsync({ q, limit: 1000 })).hits.map((h) => h.id);
      assert.ok(ids.length > 0, q);
      assert.deepEqual(
        ids,
        expected.search({ q, limit: 1000 }).hits.map((h) => h.id),
        q,
      );
    }
    assert.equal(index.variantsBuilt, true, 'built for the first search');
    // a term written after they were built is added to them
    for (const target of [index, expected])
      target.addDocuments([{ id: 9999, title: '무지개다리를 건넜다', body: '' }]);
    assert.deepEqual(
      index.search({ q: '무지게다리' }).hits.map((h) => h.id),
      [9999],
    );
    assert.deepEqual(
      expected.search({ q: '무지게다리' }).hits.map((h) => h.id),
      [9999],
    );
    // cleared and loaded again: searched before, so they are built again once the writes pause
    for (const target of [index, expected]) {
      target.clear();
      target.addDocuments(batch(4));
    }
    assert.equal(index.variantsBuilt, false);
    await waitForVariants();
    assert.equal(index.variantsBuilt, true, 'rebuilt a second after the last write');
    assert.deepEqual(
      index.search({ q: '도서곤', limit: 1000 }).hits.map((h) => h.id),
      expected.search({ q: '도서곤', limit: 1000 }).hits.map((h) => h.id),
    );
    engine.close();
    inPlace.close();
  }));

test('an index deleted while its first search waits for the side indexes answers index_not_found', () =>
  withServerAndReference(async ({ engine, inPlace, index }) => {
    index.addDocuments(batch(0));
    const searching = index.searchAsync({ q: '도서곤' });
    engine.deleteIndex('docs');
    await assert.rejects(searching, (error: Error & { code?: string }) => error.code === 'index_not_found');
    engine.close();
    inPlace.close();
  }));
