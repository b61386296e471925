// The decoded posting lists' cache keeps within its budget, drops the least recently used first, and forgets a list
// whose field factors are out of date.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodedList, dropDecodedList, keepDecodedList, setDecodedListBudget, type DecodedList } from '../src/index/decoded-lists.ts';

/** A list of `postings` postings: 8 bytes each. */
const list = (postings: number): DecodedList => ({ docs: new Int32Array(postings), sats: new Float32Array(postings) });

test('keeps decoded lists within the budget, least recently used dropped first', () => {
  // 16 lists of 1,000 postings fit in 128,000 bytes; one list may take 1/16 of it (8,000 bytes)
  const previous = setDecodedListBudget(128_000);
  try {
    const keys = Array.from({ length: 17 }, (_, i) => ({ list: i }));
    keys.slice(0, 16).forEach((key) => keepDecodedList(key, list(1000)));
    assert.ok(keys.slice(0, 16).every((key) => decodedList(key) !== undefined), 'sixteen fit');
    // using the first makes the second the least recently used
    decodedList(keys[0]!);
    keepDecodedList(keys[16]!, list(1000));
    assert.equal(decodedList(keys[1]!), undefined, 'the least recently used is dropped');
    assert.ok(decodedList(keys[0]!) !== undefined && decodedList(keys[16]!) !== undefined);

    const tooLong = { list: 'long' };
    keepDecodedList(tooLong, list(1001));
    assert.equal(decodedList(tooLong), undefined, 'a list over a sixteenth of the budget is not kept');

    dropDecodedList(keys[0]!);
    assert.equal(decodedList(keys[0]!), undefined, 'a dropped list is gone');
    keepDecodedList(keys[1]!, list(1000));
    assert.ok(keys.slice(1).every((key) => decodedList(key) !== undefined), 'and its room is free again');

    setDecodedListBudget(0);
    assert.ok(keys.every((key) => decodedList(key) === undefined), 'a budget of 0 keeps nothing');
  } finally {
    setDecodedListBudget(previous);
  }
});
