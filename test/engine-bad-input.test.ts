// Bad input gets a clear error naming the line or field, and loses nothing already indexed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KachiError } from '../src/errors.ts';
import { openEngine } from '../src/engine.ts';
import { tempDir, withEngine } from './helpers/temp-engine.ts';
import type { Document } from '../src/search-types.ts';

const rejects = (code: string, pattern: RegExp) => (e: unknown) => e instanceof KachiError && e.code === code && pattern.test(e.message);

test('a batch with a bad document is rejected whole, naming the position; earlier documents stay', async () => {
  await withEngine((engine) => {
    const index = engine.createIndex('docs', { primaryKey: 'id' });
    index.addDocuments([{ id: 1, title: '첫 문서' }]);
    assert.throws(() => index.addDocuments([{ id: 2, title: '둘' }, { title: '아이디 없음' }]), rejects('missing_document_id', /position 1.*`id`/));
    assert.throws(() => index.addDocuments([{ id: { nested: 1 } } as unknown as Document]), rejects('invalid_document_id', /position 0/));
    assert.throws(() => index.addDocuments([{ id: 1.5 }]), rejects('invalid_document_id', /1\.5/));
    assert.throws(() => index.addDocuments([{ id: 'a b' }]), rejects('invalid_document_id', /"a b"/));
    assert.throws(() => index.addDocuments([{ id: true } as unknown as Document]), rejects('invalid_document_id', /true/));
    assert.equal(index.stats().numberOfDocuments, 1);
    assert.equal(index.search({ q: '문서' }).hits[0]?.id, 1);
  });
});

test('duplicate ids in one batch: the last one wins, as in Meilisearch', async () => {
  await withEngine((engine) => {
    const index = engine.createIndex('docs', { primaryKey: 'id' });
    index.addDocuments([{ id: '문서-1', title: '처음' }, { id: '문서-1', title: '나중' }]);
    assert.equal(index.stats().numberOfDocuments, 1);
    assert.equal(index.getDocument('문서-1').title, '나중');
  });
});

test('a 10 MB document and a 10,000-deep document are refused with their reason', async () => {
  await withEngine((engine) => {
    const index = engine.createIndex('docs', { primaryKey: 'id' });
    index.addDocuments([{ id: 1, title: '남는 문서' }]);
    assert.throws(() => index.addDocuments([{ id: 2, body: '가'.repeat(10 * 1024 * 1024 / 3 + 10) }]), rejects('document_too_large', /position 0.*MiB/));
    let deep: Document = { leaf: '끝' };
    for (let i = 0; i < 10_000; i++) deep = { child: deep };
    assert.throws(() => index.addDocuments([{ id: 3, deep }]), rejects('invalid_document', /nested more than 64 levels.*deep\.child/));
    assert.equal(index.stats().numberOfDocuments, 1);
  });
});

function kachi(args: string[], dbPath: string) {
  return spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'kachi.js'), ...args, '--db-path', dbPath], { encoding: 'utf8' });
}

test('kachi index: an invalid JSON line and invalid UTF-8 are named by line; batches before them stay', () => {
  const dir = tempDir();
  try {
    const good = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: i, title: `문서 ${i}` })).join('\n');
    const badJson = join(dir.path, 'bad.jsonl');
    writeFileSync(badJson, `${good}\n{"id": 99, "title": 깨진 줄}\n`);
    let run = kachi(['index', badJson, '--index', 'docs', '--batch-size', '2'], dir.path);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /line 6 is not valid JSON/);
    const badUtf8 = join(dir.path, 'bad-utf8.jsonl');
    writeFileSync(badUtf8, Buffer.concat([Buffer.from('{"id": 50, "title": "좋은 줄"}\n{"id": 51, "title": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]));
    run = kachi(['index', badUtf8, '--index', 'docs'], dir.path);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /line 2 is not valid UTF-8/);
    const engine = openEngine({ dbPath: dir.path });
    try {
      // the first two batches of two (lines 1-4) were committed before line 6 failed
      assert.ok(engine.getIndex('docs').stats().numberOfDocuments >= 4);
    } finally {
      engine.close();
    }
  } finally {
    dir.remove();
  }
});
