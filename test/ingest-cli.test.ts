// `kachi ingest` and `kachi crawl` as a user runs them: the report on stdout, passages in the data folder.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { main } from '../src/cli/main.ts';
import { openEngine } from '../src/engine.ts';
import { startFixtureSite, warmAnalyzer } from './fixtures/ingest/fixture-site.ts';
import { tempDir } from './helpers/temp-engine.ts';

before(warmAnalyzer);

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    return { code: await main(argv), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test('kachi ingest: a folder in, the final report out, then kachi crawl on a local site', async () => {
  const dir = tempDir('kachi-cli-');
  const site = await startFixtureSite({ slowMs: 6000 });
  try {
    const docs = join(dir.path, 'docs');
    const db = join(dir.path, 'db');
    mkdirSync(docs);
    writeFileSync(join(docs, '공지.md'), '# 공지\n\n사내 식당은 정오에 엽니다.');
    writeFileSync(join(docs, 'broken.pdf'), '%PDF-1.7 garbage\n%%EOF\n');
    const ingest = await capture(['ingest', docs, '--index', 'docs', '--db-path', db]);
    assert.equal(ingest.code, 0);
    assert.match(ingest.out, /files seen 2, indexed 1, skipped 0, failed 1 \(corrupt 1\)/);
    assert.match(ingest.out, /failed {2}.*broken\.pdf/);
    const crawl = await capture(['crawl', site.url, '--index', 'web', '--db-path', db, '--allow-private', '--delay', '5', '--timeout', '1500']);
    assert.equal(crawl.code, 0);
    assert.match(crawl.out, /pages seen 10, indexed 5/);
    const engine = openEngine({ dbPath: db });
    try {
      assert.equal(engine.getIndex('docs').search({ q: '식당' }).hits[0]?.title, '공지');
      assert.ok(engine.getIndex('web').stats().numberOfDocuments >= 5);
    } finally {
      engine.close();
    }
    assert.equal((await capture(['crawl', site.url, '--index', 'web', '--db-path', db])).out.includes('blocked_address'), true, 'no --allow-private: refused');
  } finally {
    await site.close();
    dir.remove();
  }
});
