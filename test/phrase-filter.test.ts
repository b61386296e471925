// Quoted phrases and excluded phrases on KorQuAD passages spread over many segments: the phrase filter builds its
// result from the postings of each phrase, so it must agree with the filter, with exclusions, with itself on
// another segment layout, and find every passage whose text holds the quoted words in a row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KachiIndex } from '../src/engine-types.ts';
import { loadKorquad } from '../bench/lib/korquad.ts';
import { withEngine } from './helpers/temp-engine.ts';

const PASSAGES = 400;

function idsOf(index: KachiIndex, q: string, filter?: string): string[] {
  const response = index.search({ q, filter, limit: PASSAGES, attributesToRetrieve: ['id'] });
  return response.hits.map((hit) => String(hit['id'])).sort();
}

/** Two eojeols in a row from passage texts, some common (sharing words with many passages), some rare. */
function phrasesFrom(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length && out.length < 12; i += 37) {
    const words = texts[i]!.split(/\s+/).filter((w) => /^[가-힣]{2,}$/.test(w));
    if (words.length >= 6) out.push(`${words[2]} ${words[3]}`, words[5]!);
  }
  return out;
}

test('phrases and exclusions agree with filters, segment layouts and the passages that hold the words', async () => {
  const { passages } = loadKorquad();
  const documents = passages.slice(0, PASSAGES).map((p, i) => ({ id: p.id, title: p.title, text: p.text, half: i % 2 }));
  const phrases = phrasesFrom(documents.map((d) => d.text));
  assert.ok(phrases.length >= 10);
  await withEngine(async (engine) => {
    const many = engine.createIndex('many', { primaryKey: 'id' });
    const one = engine.createIndex('one', { primaryKey: 'id' });
    for (const index of [many, one]) index.updateSettings({ filterableAttributes: ['half'] });
    for (let i = 0; i < documents.length; i += 9) many.addDocuments(documents.slice(i, i + 9));
    one.addDocuments(documents);
    let nonEmpty = 0;
    for (const [i, phrase] of phrases.entries()) {
      const q = `"${phrase}"`;
      const found = idsOf(many, q);
      if (found.length > 0) nonEmpty++;
      assert.deepEqual(found, idsOf(one, q), `${q}: the same on one segment`);
      const holding = documents.filter((d) => ` ${d.title} ${d.text} `.includes(` ${phrase} `)).map((d) => d.id);
      for (const id of holding) assert.ok(found.includes(id), `${q}: ${id} holds the words in a row`);
      const inHalf = new Set(documents.filter((d) => d.half === 1).map((d) => d.id));
      assert.deepEqual(idsOf(many, q, 'half = 1'), found.filter((id) => inHalf.has(id)), `${q} with a filter`);
      const other = phrases[(i + 1) % phrases.length]!;
      const without = new Set(idsOf(many, `"${other}"`));
      assert.deepEqual(idsOf(many, `${q} -"${other}"`), found.filter((id) => !without.has(id)), `${q} without "${other}"`);
      const both = idsOf(many, `${q} "${other}"`);
      assert.deepEqual(both, found.filter((id) => without.has(id)), `${q} and "${other}"`);
    }
    assert.ok(nonEmpty >= phrases.length - 1, 'the phrases come from the passages');
  });
});
