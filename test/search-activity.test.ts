// Writes take short turns only while searches arrive: a search through the real server marks it, and the mark
// fades two seconds later.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noteSearch, searchedRecently } from '../src/server/search-activity.ts';
import { startTestServer } from './helpers/server.ts';

describe('search activity', () => {
  it('lasts two seconds after a search', () => {
    noteSearch(1_000_000);
    assert.equal(searchedRecently(1_000_500), true);
    assert.equal(searchedRecently(1_001_999), true);
    assert.equal(searchedRecently(1_002_000), false);
  });

  it('is marked by a search request, not by a documents request', async () => {
    const server = await startTestServer();
    try {
      noteSearch(-1e9);
      const added = await server.request('POST', '/indexes/news/documents', {
        body: JSON.stringify([{ id: 1, 제목: '까치 검색엔진' }]),
      });
      assert.equal(added.status, 202);
      assert.equal(searchedRecently(), false);
      const found = await server.request('POST', '/indexes/news/search', { body: JSON.stringify({ q: '검색' }) });
      assert.ok(found.status === 200 || found.status === 404, found.text);
      assert.equal(searchedRecently(), true);
    } finally {
      await server.close();
    }
  });
});
