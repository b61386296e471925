import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Bitset } from '../src/index/bitset.ts';

test('bitset agrees with a Set under add, remove, and, or, andNot', () => {
  const docs = fc.array(fc.nat(2000), { maxLength: 200 });
  fc.assert(
    fc.property(docs, docs, docs, (a, b, removed) => {
      const x = new Bitset(10);
      const y = new Bitset(10);
      a.forEach((d) => x.add(d));
      b.forEach((d) => y.add(d));
      removed.forEach((d) => x.remove(d));
      const setX = new Set(a.filter((d) => !removed.includes(d)));
      const setY = new Set(b);
      assert.deepEqual([...x], [...setX].sort((p, q) => p - q));
      assert.equal(x.count(), setX.size);
      assert.deepEqual([...x.clone().and(y)], [...setX].filter((d) => setY.has(d)).sort((p, q) => p - q));
      assert.deepEqual([...x.clone().or(y)], [...new Set([...setX, ...setY])].sort((p, q) => p - q));
      assert.deepEqual([...x.clone().andNot(y)], [...setX].filter((d) => !setY.has(d)).sort((p, q) => p - q));
    }),
  );
});
