// Searches before indexing: while a search is in flight, the analysis thread pauses between slices of a batch
// (bounded, and with the same tokens in the end), uploads wait their turn, and the real server counts its searches
// in and out, failed ones included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import { createIndexingAnalyzer } from '../src/analysis/parallel-analyzer.ts';
import type { TokenColumns } from '../src/analysis/token-columns.ts';
import type { AnalyzerConfig } from '../src/analysis/types.ts';
import { searchBegan, searchEnded, searchesInFlight, uploadTurn, writeTurn } from '../src/search-priority.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';
import { loadKorquad } from '../bench/lib/korquad.ts';
import { startTestServer } from './helpers/server.ts';

const CONFIG: AnalyzerConfig = { korean: DEFAULT_KOREAN, stopWords: [], dictionary: [], separatorTokens: [], nonSeparatorTokens: [] };

/** Each text's (term, position) pairs. */
function termsOf(columns: TokenColumns): string[][] {
  return Array.from({ length: columns.textStarts.length - 1 }, (_, t) => {
    const out: string[] = [];
    for (let i = columns.textStarts[t]!; i < columns.textStarts[t + 1]!; i++)
      out.push(`${columns.terms[columns.entries[i]!]!}@${columns.positions[i]!}`);
    return out;
  });
}

describe('searches before indexing', () => {
  it('the analysis thread pauses between slices while a search is in flight, a bounded time, and gives the same tokens', async () => {
    const texts = loadKorquad().passages.slice(0, 40).map((p) => p.text); // ~20,000 characters: about 20 slices
    const expected = termsOf(createAnalyzer(CONFIG).analyzeColumns(texts));
    const analyzer = createIndexingAnalyzer(CONFIG, { parallel: true });
    try {
      assert.deepEqual(termsOf((await analyzer.analyzeColumnsOffThread(texts))!), expected, 'no search: the thread is warm');
      searchBegan(); // and never ends while the batch runs: every slice waits its longest pause (10 ms)
      const started = performance.now();
      const during = await analyzer.analyzeColumnsOffThread(texts);
      const ms = performance.now() - started;
      searchEnded();
      assert.deepEqual(termsOf(during!), expected);
      const slices = Math.floor(texts.join('').length / 1_000);
      assert.ok(ms >= slices * 10 * 0.9, `paused: ${ms.toFixed(0)} ms for ${slices} slices`);
    } finally {
      analyzer.close();
    }
  });

  it('large uploads take turns in arrival order, each waiting while a search is in flight; small ones go at once', async () => {
    const order: string[] = [];
    const upload = async (name: string, bytes = 500_000) => {
      await uploadTurn(bytes);
      order.push(name);
    };
    searchBegan();
    const started = performance.now();
    const uploads = Promise.all(['a', 'b', 'c'].map((name) => upload(name)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(order, [], 'none went while the search was in flight');
    await upload('small', 2_000);
    assert.deepEqual(order, ['small'], 'a small upload does not wait');
    searchEnded();
    await uploads;
    assert.deepEqual(order, ['small', 'a', 'b', 'c']);
    assert.ok(performance.now() - started >= 20);

    searchBegan(); // a search that lasts: the upload goes anyway after its longest wait (50 ms)
    const waited = performance.now();
    await upload('d');
    searchEnded();
    assert.ok(performance.now() - waited >= 45, 'waited for the search');
    assert.deepEqual(order, ['small', 'a', 'b', 'c', 'd']);
  });

  it('while searches come in, large uploads start at least 10 ms apart, in arrival order', async () => {
    const starts: Array<[string, number]> = [];
    await Promise.all(
      ['e', 'f', 'g', 'h'].map(async (name) => {
        await uploadTurn(500_000, true);
        starts.push([name, performance.now()]);
      }),
    );
    assert.deepEqual(
      starts.map(([name]) => name),
      ['e', 'f', 'g', 'h'],
    );
    // Each start is seen when its caller resumes, a little after its turn began, so single gaps jitter on a busy
    // machine (8.2 ms was seen); the three gaps together must still come to about 30 ms (without spacing: ~0).
    const span = starts[starts.length - 1]![1] - starts[0]![1];
    assert.ok(span >= 25, `four uploads started within ${span.toFixed(1)} ms`);
  });

  it('a write chunk waits while a search is in flight, until it ends or for a bounded time', async () => {
    let wrote = false;
    await writeTurn();
    searchBegan();
    const chunk = writeTurn().then(() => (wrote = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(wrote, false, 'waits while the search is in flight');
    searchEnded();
    await chunk;
    assert.equal(wrote, true);

    searchBegan(); // a search that lasts: the chunk goes anyway after its longest wait (20 ms)
    const started = performance.now();
    await writeTurn();
    searchEnded();
    assert.ok(performance.now() - started >= 18, 'waited for the search');
  });

  it('the server counts each search in and out, failed ones included', async () => {
    const server = await startTestServer();
    try {
      await server.request('POST', '/indexes/news/documents', { body: JSON.stringify([{ id: 1, 제목: '까치 검색엔진' }, { id: 2, 제목: '까치네 알림' }]) });
      const searches = await Promise.all([
        server.request('POST', '/indexes/news/search', { body: JSON.stringify({ q: '까치', attributesToHighlight: ['*'] }) }),
        server.request('POST', '/indexes/missing/search', { body: JSON.stringify({ q: '까치' }) }),
        server.request('POST', '/indexes/news/search', { body: '{"q": ' }),
        server.request('GET', '/indexes/news/search?q=%EA%B9%8C%EC%B9%98'),
      ]);
      assert.deepEqual(searches.map((s) => s.status).slice(1, 3), [404, 400]);
      await new Promise((resolve) => setTimeout(resolve, 50)); // 'close' follows the response's end
      assert.equal(Atomics.load(searchesInFlight, 0), 0);
    } finally {
      await server.close();
    }
  });
});
