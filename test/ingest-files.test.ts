// Folder ingestion against the real engine: passages with citations, skip by hash, atomic replacement,
// removed files, and bad files reported while the rest goes on. Plus the passage splitter's invariants.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../src/ingest/ingest-files.ts';
import { splitPassages } from '../src/ingest/passages.ts';
import type { Block } from '../src/ingest/types.ts';
import { makeDocx, makeEncryptedPdf, makeKoreanPdf, truncate } from './fixtures/ingest/make-documents.ts';
import { tempDir, withEngine } from './helpers/temp-engine.ts';

const HWP = new URL('../../shared/fixtures/hwp/', import.meta.url);

test('passages: bounded, overlapping, exact offsets, heading paths, pages', () => {
  const sentence = (i: number): string => `${i}번째 문장은 검색 엔진의 문단 나누기를 시험합니다.`;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '1장 총칙', page: 1 },
    { kind: 'heading', level: 2, text: '제1조 목적', page: 1 },
    { kind: 'paragraph', text: Array.from({ length: 40 }, (_, i) => sentence(i)).join(' '), page: 1 },
    { kind: 'paragraph', text: '둘째 쪽의 짧은 문단.', page: 2 },
    { kind: 'heading', level: 2, text: '제2조 정의', page: 2 },
    { kind: 'paragraph', text: '정의 조항의 본문.', page: 2 },
  ];
  const { text, spans } = splitPassages({ title: '', blocks }, { maxChars: 300, overlapChars: 60 });
  for (const span of spans) {
    assert.ok(span.text.length <= 300, 'size bound');
    assert.equal(text.slice(span.start, span.end), span.text, 'offsets point at the exact text');
  }
  const first = spans.filter((span) => span.section === '1장 총칙 > 제1조 목적');
  assert.ok(first.length >= 4, 'a long section gives several passages');
  assert.ok(first[0]?.text.startsWith('1장 총칙'), 'a heading without text of its own opens the next section');
  for (let i = 1; i < first.length; i++) assert.ok((first[i]?.start ?? 0) < (first[i - 1]?.end ?? 0), 'consecutive passages overlap');
  assert.ok(first.every((span) => /[.]$/.test(span.text)), 'cuts fall after sentences');
  assert.deepEqual([first.at(-1)?.page, first.at(-1)?.pageEnd], [1, 2], 'a passage running onto page 2 says so');
  assert.equal(spans.at(-1)?.section, '1장 총칙 > 제2조 정의', 'a sibling heading replaces the previous one');
  assert.deepEqual(splitPassages({ title: '', blocks: [] }).spans, []);
});

test('ingest a folder: every format becomes citable passages that search finds', async () => {
  const dir = tempDir('kachi-ingest-');
  try {
    mkdirSync(join(dir.path, '규정'));
    writeFileSync(join(dir.path, '규정', '취업규칙.docx'), makeDocx([['h1', '취업 규칙'], ['p', '연차 휴가는 입사 일 년 후부터 열다섯 날이 주어진다.']]));
    writeFileSync(join(dir.path, '안내.pdf'), await makeKoreanPdf(['첫 쪽은 목차입니다.', '둘째 쪽: 주차장은 지하 이층에 있습니다.']));
    writeFileSync(join(dir.path, 'notes.md'), '# 회의록\n\n다음 회의는 금요일 오후 세 시입니다.\n');
    copyFileSync(new URL('selfintroduce.hwp', HWP), join(dir.path, 'selfintroduce.hwp'));
    copyFileSync(new URL('example.hwpx', HWP), join(dir.path, 'example.hwpx'));
    writeFileSync(join(dir.path, 'photo.png'), 'not a document');
    await withEngine(async (engine) => {
      const index = engine.createIndex('docs');
      const report = await ingestPaths(index, [dir.path]);
      assert.equal(report.indexed, 5);
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.skipped.map((entry) => entry.reason), ['unsupported']);
      const parking = index.search({ q: '주차장', limit: 1 }).hits[0];
      assert.equal(parking?.source, join(dir.path, '안내.pdf'));
      // Both short pages fit one passage, which cites where it starts and ends.
      assert.deepEqual([parking?.page, parking?.pageEnd], [1, 2], 'the PDF citation keeps its pages');
      const leave = index.search({ q: '연차 휴가', limit: 1 }).hits[0];
      assert.equal(leave?.title, '취업규칙.docx', 'no title in the file: the file name');
      assert.equal(leave?.section, '취업 규칙');
      assert.ok(String(leave?.text).includes('열다섯 날'));
      assert.equal(index.search({ q: '텃밭', limit: 1 }).hits[0]?.title, '나를 소개 합니다');
      assert.equal(index.search({ q: '삼강오륜', limit: 1 }).hits[0]?.format, 'hwpx');
    });
  } finally {
    dir.remove();
  }
});

test('re-ingest: unchanged files skipped by hash, a changed file replaced whole, a removed file deleted', async () => {
  const dir = tempDir('kachi-ingest-');
  try {
    const long = Array.from({ length: 30 }, (_, i) => `옛 판의 ${i}번 문단입니다. 사과는 빨갛습니다.`).join('\n\n');
    writeFileSync(join(dir.path, 'a.txt'), long);
    writeFileSync(join(dir.path, 'b.txt'), '지울 파일의 본문: 바나나.');
    writeFileSync(join(dir.path, 'c.md'), '# 그대로\n\n바뀌지 않는 파일.');
    await withEngine(async (engine) => {
      const index = engine.createIndex('docs');
      const first = await ingestPaths(index, [dir.path]);
      assert.equal(first.indexed, 3);
      const before = index.stats().numberOfDocuments;
      const again = await ingestPaths(index, [dir.path]);
      assert.deepEqual([again.indexed, again.skipped.map((entry) => entry.reason)], [0, ['unchanged', 'unchanged', 'unchanged']]);
      assert.equal(index.stats().numberOfDocuments, before);

      writeFileSync(join(dir.path, 'a.txt'), '새 판은 짧습니다: 포도만 남았습니다.');
      unlinkSync(join(dir.path, 'b.txt'));
      const third = await ingestPaths(index, [dir.path]);
      assert.equal(third.indexed, 1);
      assert.deepEqual(third.removed, [join(dir.path, 'b.txt')]);
      assert.equal(index.search({ q: '사과' }).hits.length, 0, 'no passage of the old version is left');
      assert.equal(index.search({ q: '바나나' }).hits.length, 0, 'the removed file is gone');
      assert.equal(index.search({ q: '포도' }).hits.length, 1);
      assert.equal(index.stats().numberOfDocuments, 2);
    });
  } finally {
    dir.remove();
  }
});

test('bad files are reported with a reason and skipped; the good ones are indexed', async () => {
  const dir = tempDir('kachi-ingest-');
  try {
    writeFileSync(join(dir.path, 'good.txt'), '멀쩡한 파일입니다: 귤.');
    writeFileSync(join(dir.path, 'corrupt.docx'), 'this is not a zip');
    writeFileSync(join(dir.path, 'truncated.docx'), truncate(makeDocx([['p', '잘린 문서']])));
    writeFileSync(join(dir.path, 'locked.pdf'), await makeEncryptedPdf());
    writeFileSync(join(dir.path, 'huge.txt'), '큰 파일 '.repeat(20_000));
    await withEngine(async (engine) => {
      const index = engine.createIndex('docs');
      const report = await ingestPaths(index, [dir.path], { maxFileBytes: 100_000 });
      const reasons = Object.fromEntries([...report.failed, ...report.skipped].map((entry) => [entry.source.slice(dir.path.length + 1), entry.reason]));
      assert.deepEqual(reasons, { 'corrupt.docx': 'corrupt', 'truncated.docx': 'truncated', 'locked.pdf': 'encrypted', 'huge.txt': 'too_large' });
      assert.equal(report.indexed, 1);
      assert.equal(report.seen, 5);
      assert.match(report.failed.find((entry) => entry.reason === 'encrypted')?.message ?? '', /password/);
      assert.equal(index.search({ q: '귤' }).hits.length, 1);
    });
  } finally {
    dir.remove();
  }
});
