import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SegmentBuilder, type AnalysedDocument } from '../src/index/segment-builder.ts';
import { mergeSegments } from '../src/index/segment-merge.ts';
import { readSegmentFile, writeSegmentFile } from '../src/index/segment-file.ts';
import type { Segment } from '../src/index/segment.ts';

const VOCAB = ['검색', '엔진', '까치', 'kachi', '학교', '\u0001검색', '😀', 'a', 'ab', 'abc'];

const docArb = fc.array(
  fc.record({
    field: fc.integer({ min: 0, max: 9 }),
    words: fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 3 },
);

function analysed(docNum: number, raw: Array<{ field: number; words: string[] }>): AnalysedDocument {
  const byField = new Map<number, string[]>();
  for (const { field, words } of raw) byField.set(field, words);
  return {
    docNum,
    fields: [...byField].map(([field, words]) => ({ field, length: words.length, keys: words, positions: words.map((_, p) => p) })),
  };
}

/** term → docNum → field → positions, read back through the public reader API. */
function dump(segment: Segment): Map<string, Map<number, Map<number, number[]>>> {
  const out = new Map<string, Map<number, Map<number, number[]>>>();
  for (let t = 0; t < segment.termCount; t++) {
    const locals = new Set<number>();
    segment.forEachPosting(t, (local) => locals.add(local));
    const positions = segment.positionsFor(t, locals);
    const perDoc = new Map<number, Map<number, number[]>>();
    for (const [local, fields] of positions)
      perDoc.set(segment.data.docNums[local]!, new Map(fields.map(([f, ...ps]) => [f!, ps])));
    out.set(segment.termAt(t), perDoc);
  }
  return out;
}

function expected(docs: AnalysedDocument[]): Map<string, Map<number, Map<number, number[]>>> {
  const out = new Map<string, Map<number, Map<number, number[]>>>();
  for (const doc of docs)
    for (const field of doc.fields)
      field.keys!.forEach((term, i) => {
        if (!out.has(term)) out.set(term, new Map());
        const perDoc = out.get(term)!;
        if (!perDoc.has(doc.docNum)) perDoc.set(doc.docNum, new Map());
        const perField = perDoc.get(doc.docNum)!;
        perField.set(field.field, [...(perField.get(field.field) ?? []), field.positions[i]!].sort((a, b) => a - b));
      });
  return out;
}

const sortDeep = (m: Map<string, Map<number, Map<number, number[]>>>) =>
  JSON.stringify([...m].sort().map(([t, d]) => [t, [...d].sort((a, b) => a[0] - b[0]).map(([n, f]) => [n, [...f].sort((a, b) => a[0] - b[0])])]));

test('a built segment returns exactly the postings and positions it was given', () => {
  fc.assert(
    fc.property(fc.array(docArb, { minLength: 1, maxLength: 30 }), (raws) => {
      const docs = raws.map((raw, i) => analysed(i * 3 + 1, raw));
      const builder = new SegmentBuilder();
      docs.forEach((d) => builder.add(d));
      const segment = builder.build();
      assert.equal(sortDeep(dump(segment)), sortDeep(expected(docs)));
      for (const term of VOCAB) assert.equal(segment.findTerm(term) >= 0, expected(docs).has(term));
      for (const doc of docs)
        for (const field of doc.fields) assert.equal(segment.fieldLength(segment.localOf(doc.docNum), field.field), field.length);
    }),
    { numRuns: 60 },
  );
});

test('merging segments equals building one segment from the live documents', () => {
  fc.assert(
    fc.property(fc.array(docArb, { minLength: 2, maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (raws, deleted) => {
      const docs = raws.map((raw, i) => analysed(i, raw));
      const half = Math.floor(docs.length / 2);
      const parts = [docs.slice(0, half), docs.slice(half)].map((part) => {
        const b = new SegmentBuilder();
        part.forEach((d) => b.add(d));
        return b.build();
      });
      const isLive = (n: number) => !deleted[n];
      const merged = mergeSegments(parts, isLive);
      assert.equal(sortDeep(dump(merged)), sortDeep(expected(docs.filter((d) => isLive(d.docNum)))));
      assert.deepEqual([...merged.data.docNums], docs.filter((d) => isLive(d.docNum)).map((d) => d.docNum));
    }),
    { numRuns: 60 },
  );
});

test('a segment saved to disk loads back identical, and prefix ranges follow byte order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kachi-seg-'));
  try {
    const b = new SegmentBuilder();
    b.add(analysed(5, [{ field: 0, words: ['검색', '검사', '검색엔진', 'kachi'] }]));
    b.add(analysed(9, [{ field: 1, words: ['검색', '😀'] }]));
    const segment = b.build();
    writeSegmentFile(join(dir, 'a.seg'), segment);
    const loaded = readSegmentFile(join(dir, 'a.seg'));
    assert.equal(sortDeep(dump(loaded)), sortDeep(dump(segment)));
    const [from, to] = loaded.prefixRange('검색');
    assert.deepEqual(
      Array.from({ length: to - from }, (_, i) => loaded.termAt(from + i)),
      ['검색', '검색엔진'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
