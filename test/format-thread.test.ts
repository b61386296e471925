// The format thread (the server's searches): a page of Korean hits highlighted, cropped and positioned on the
// thread is the page the serving thread makes; until the thread is warm, the caller formats the page itself.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { KachiIndexImpl } from '../src/kachi-index.ts';
import { formatDocuments, formatOptionsOf, type FormatJob } from '../src/query/format-hits.ts';
import { formatOffThread } from '../src/query/format-thread.ts';
import type { SearchRequest, SearchResponse } from '../src/search-types.ts';
import { BOOKS } from './helpers/korean-docs.ts';
import { withEngine } from './helpers/temp-engine.ts';

const REQUEST: SearchRequest = {
  q: '한국어 검색엔진의 형태소',
  attributesToHighlight: ['*'],
  attributesToCrop: ['overview:4'],
  highlightPreTag: '[',
  highlightPostTag: ']',
  showMatchesPosition: true,
  showRankingScore: true,
};

const withoutTime = ({ processingTimeMs: _, ...rest }: SearchResponse) => rest;

/** Asks the thread until it answers (it is warm), for at most 30 s. */
async function formattedOnThread(job: FormatJob, index: KachiIndexImpl) {
  for (let i = 0; i < 300; i++) {
    const hits = await formatOffThread(job, index.analyzerConfig);
    if (hits !== null) return hits;
    await sleep(100);
  }
  throw new Error('the format thread never became warm');
}

test('a page formatted on the format thread equals the page formatted here', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('books');
    assert.ok(index instanceof KachiIndexImpl);
    index.addDocuments(BOOKS.map((book) => ({ ...book })));
    const expected = index.search(REQUEST);
    assert.ok(expected.hits.length >= 2, 'the query finds several books');
    assert.match(JSON.stringify(expected.hits[0]!._formatted), /\[검색/, 'highlighted with the asked tags');

    const job: FormatJob = {
      documents: BOOKS.slice(0, 3).map((book) => ({ ...book })),
      searchable: index.settings.searchableAttributes,
      terms: ['검색엔진', '검색', '형태소', '한국어'],
      options: formatOptionsOf(REQUEST, index.settings.displayedAttributes),
    };
    const onThread = await formattedOnThread(job, index);
    assert.deepEqual(onThread, formatDocuments(job, index.analyzer));
    assert.ok(onThread.some((hit) => hit._matchesPosition?.overview !== undefined), 'matches found in the overviews');

    // Warm now: searchAsync's pages come from the thread, and are the same responses.
    assert.deepEqual(withoutTime(await index.searchAsync(REQUEST)), withoutTime(expected));
    const different = { ...REQUEST, q: '까치 마을', attributesToCrop: ['overview:2'], cropMarker: '~' };
    assert.deepEqual(withoutTime(await index.searchAsync(different)), withoutTime(index.search(different)));
  });
});

test('a search asking for no formatting does not wait for the thread', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('books');
    index.addDocuments(BOOKS.map((book) => ({ ...book })));
    const plain = { q: '바다', attributesToRetrieve: ['id', 'title'] };
    const response = await index.searchAsync(plain);
    assert.deepEqual(withoutTime(response), withoutTime(index.search(plain)));
    assert.ok(response.hits.every((hit) => hit._formatted === undefined));
  });
});
