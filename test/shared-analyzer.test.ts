// Indexes with equal analysis settings share one analyzer (its caches and worker); a change of
// settings gives an index its own, and the last index to let go stops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEngine } from './helpers/temp-engine.ts';
import { sharedAnalyzerCount } from '../src/analysis/shared-analyzer.ts';

test('indexes with equal analysis settings share an analyzer and give the same results', async () => {
  await withEngine((engine) => {
    const before = sharedAnalyzerCount();
    const docs = [
      { id: 1, title: '학교에 갔다가 도서관에서 책을 빌렸다' },
      { id: 2, title: 'iPhone 15 출시일과 가격' },
    ];
    const a = engine.createIndex('a');
    const b = engine.createIndex('b');
    a.addDocuments(docs);
    b.addDocuments(docs);
    assert.equal(sharedAnalyzerCount(), before + 1);
    const hits = (index: typeof a, q: string) => index.search({ q, attributesToHighlight: ['title'] }).hits;
    assert.deepEqual(hits(b, '도서관'), hits(a, '도서관'));
    assert.equal(hits(a, '도서관').length, 1);

    // different analysis settings: b's own analyzer, and b's results follow its settings
    b.updateSettings({ korean: { bigrams: false } });
    assert.equal(sharedAnalyzerCount(), before + 2);
    assert.equal(hits(b, '서관').length, 0, 'no bigrams in b');
    assert.equal(hits(a, '서관').length, 1);

    // back to equal settings: shared again, and b's former analyzer is gone
    b.updateSettings({ korean: { bigrams: true } });
    assert.equal(sharedAnalyzerCount(), before + 1);
    assert.deepEqual(hits(b, '출시일'), hits(a, '출시일'));

    engine.deleteIndex('a');
    assert.equal(sharedAnalyzerCount(), before + 1, 'b still holds it');
    assert.equal(hits(b, '가격').length, 1);
    engine.deleteIndex('b');
    assert.equal(sharedAnalyzerCount(), before);
  });
});
