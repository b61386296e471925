// JamoIndex: the sorted-array walk and the unsorted buffer, against brute-force scans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JamoIndex } from '../src/analysis/jamo-index.ts';

function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(
        d[i - 1]![j]! + 1,
        row[j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

const key = fc
  .array(fc.constantFrom('ㄱ', 'ㅓ', 'ㅁ', 'ㅅ', 'ㅐ', 'ㅑ', 'ㅇ', 'a', 'b'), { maxLength: 7 })
  .map((k) => k.join(''));
// Small buffers force merges in the middle of the inserts; removals hit both parts.
const scenario = fc.record({
  keys: fc.array(key, { maxLength: 60 }),
  buffer: fc.integer({ min: 0, max: 8 }),
  removed: fc.array(fc.nat(59), { maxLength: 10 }),
});

function build(s: { keys: string[]; buffer: number; removed: number[] }): JamoIndex {
  const index = new JamoIndex(s.buffer);
  s.keys.forEach((k, id) => index.insert(k, id));
  for (const id of s.removed) index.remove(id);
  return index;
}

const sorted = (ms: Array<{ id: number; distance: number }>) => [...ms].sort((a, b) => a.id - b.id);

test('property: withinDistance equals a brute-force edit distance over the live keys that start like the query', () => {
  fc.assert(
    fc.property(scenario, key, fc.integer({ min: 0, max: 3 }), (s, query, max) => {
      const live = s.keys
        .map((k, id) => ({ id, distance: osa(query, k), first: query !== '' && k[0] === query[0] }))
        .filter((m) => m.first && m.distance <= max && !s.removed.includes(m.id))
        .map(({ id, distance }) => ({ id, distance }));
      assert.deepEqual(sorted(build(s).withinDistance(query, max)), live);
    }),
    { numRuns: 300 },
  );
});

test('property: withPrefix and exact equal brute-force scans over all live keys', () => {
  fc.assert(
    fc.property(scenario, key, (s, prefix) => {
      const index = build(s);
      const live = s.keys.map((k, id) => ({ k, id })).filter(({ id }) => !s.removed.includes(id));
      const all = live
        .filter(({ k }) => k.startsWith(prefix))
        .map(({ k, id }) => ({ id, distance: k.length - prefix.length }));
      assert.deepEqual(sorted(index.withPrefix(prefix, Infinity)), all);
      assert.deepEqual(
        sorted(index.exact(prefix)),
        all.filter((m) => m.distance === 0),
      );
    }),
    { numRuns: 300 },
  );
});

test('withPrefix keeps whole distance levels until it has enough', () => {
  const index = new JamoIndex(0);
  ['ab', 'abc', 'abd', 'abcd', 'abcde'].forEach((k, id) => index.insert(k, id));
  assert.deepEqual(
    index.withPrefix('ab', 2).map((m) => m.id),
    [0, 1, 2],
  );
  assert.deepEqual(
    index.withPrefix('ab', 1).map((m) => m.id),
    [0],
  );
});
