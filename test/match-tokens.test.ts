// Match tokens stored at indexing (index/match-tokens.ts): a hit's matches are read from them instead of
// analysing its words again, and they are what analysing each whole value finds; formatting looks in each
// hit for the terms of the query units it matched only; settings that change analysis rebuild them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeMatchTokens, findMatchTokens, type MatchToken } from '../src/index/match-tokens.ts';
import { flattenValues } from '../src/document-fields.ts';
import { KachiIndexImpl } from '../src/kachi-index.ts';
import { termKey } from '../src/query/expand.ts';
import type { Document, SearchRequest } from '../src/search-types.ts';
import { loadKorquad } from '../bench/lib/korquad.ts';
import { withEngine } from './helpers/temp-engine.ts';

test('match tokens come back as written: keys that are their own text, spelled ones, repeats and astral characters', () => {
  const values = [
    {
      value: 'title#0',
      text: '검색엔진을 iPhone으로 했다',
      tokens: [
        { key: '검색엔진', start: 0, end: 4 },
        { key: '검색', start: 0, end: 2 },
        { key: '엔진', start: 2, end: 4 },
        { key: 'iphone', start: 6, end: 12 }, // case-folded: spelled out
        { key: '하', start: 15, end: 16 }, // a stem the text contracts (했): spelled out
      ],
    },
    { value: 'tags#1', text: '🐦까치 까치', tokens: [{ key: '까치', start: 2, end: 4 }, { key: '까치', start: 5, end: 7 }] },
    { value: 'empty#0', text: '...', tokens: [] },
  ];
  const stored = encodeMatchTokens(values);
  const all = new Set(values.flatMap((v) => v.tokens.map((t) => t.key)));
  const texts = new Map(values.map((v) => [v.value, v.text]));
  const found = findMatchTokens(stored, (value) => texts.get(value), all);
  assert.deepEqual(
    [...found],
    values.filter((v) => v.tokens.length > 0).map((v) => [v.value, v.tokens]),
  );
  assert.deepEqual([...findMatchTokens(stored, (value) => texts.get(value), new Set(['하', '까치']))], [
    ['title#0', [{ key: '하', start: 15, end: 16 }]],
    ['tags#1', values[1]!.tokens],
  ]);
  assert.deepEqual([...findMatchTokens(stored, (value) => (value === 'tags#1' ? texts.get(value) : undefined), all)], [['tags#1', values[1]!.tokens]], 'values without text are skipped');
});

/** The content tokens with a key in `terms`, per value, from analysing each whole value now. */
function analysedNow(index: KachiIndexImpl, document: Document, terms: ReadonlySet<string>): Map<string, MatchToken[]> {
  const out = new Map<string, MatchToken[]>();
  for (const value of flattenValues(document, index.settings.searchableAttributes)) {
    const tokens = index.analyzer
      .analyze(value.text)
      .filter((t) => t.kind !== 'bigram' && terms.has(termKey(t)))
      .map((t) => ({ key: termKey(t), start: t.start, end: t.end }));
    if (tokens.length > 0) out.set(`${value.path}#${value.valueIndex}`, tokens);
  }
  return out;
}

test('stored match tokens of KorQuAD passages are what analysing their values finds', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('korquad', { primaryKey: 'id' });
    assert.ok(index instanceof KachiIndexImpl);
    const { passages } = loadKorquad();
    const documents = passages.slice(0, 300).map((p) => ({ id: p.id, title: p.title, text: p.text, year: 2024 }));
    index.addDocuments(documents);
    const docNums = [...index.store.pages()].flat().map((row) => row.docNum);
    const rows = index.store.byDocNums(docNums, { matchTokens: true });
    assert.equal([...rows.values()].filter((row) => row.matchTokens).length, documents.length, 'every document has its match tokens');
    // every content term of the first passages, and terms no passage has
    const terms = new Set<string>(['없는말', 'zzz']);
    for (const d of documents.slice(0, 40))
      for (const token of index.analyzer.analyze(`${d.title} ${d.text}`)) if (token.kind !== 'bigram') terms.add(termKey(token));
    let tokens = 0;
    docNums.forEach((docNum, i) => {
      const document = documents[i]!;
      const texts = new Map(flattenValues(document, ['*']).map((v) => [`${v.path}#${v.valueIndex}`, v.text]));
      const found = findMatchTokens(rows.get(docNum)!.matchTokens!, (value) => texts.get(value), terms);
      assert.deepEqual(found, analysedNow(index, document, terms), `passage ${document.id}`);
      for (const list of found.values()) tokens += list.length;
    });
    assert.ok(tokens > 5_000, `many tokens compared (${tokens})`);
  });
});

const REQUEST: SearchRequest = { limit: 10, attributesToHighlight: ['title', 'text'], attributesToCrop: ['text'], cropLength: 20, showMatchesPosition: true };

/** The formatted parts of a response's hits, by id. */
function formattedById(hits: ReadonlyArray<Record<string, unknown>>): Map<unknown, string> {
  return new Map(hits.map((hit) => [hit.id, JSON.stringify([hit._formatted, hit._matchesPosition])]));
}

test('hits are formatted from stored tokens, for the units they matched, as analysing them for every term formats them', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('korquad', { primaryKey: 'id' });
    assert.ok(index instanceof KachiIndexImpl);
    const { passages, questions } = loadKorquad();
    index.addDocuments(passages.slice(0, 400).map((p) => ({ id: p.id, title: p.title, text: p.text })));
    const asked = questions.filter((q) => passages.slice(0, 400).some((p) => p.id === q.goldId)).slice(0, 60);
    assert.ok(asked.length >= 30);
    const fromStored = asked.map((q) => index.search({ ...REQUEST, q: q.question }));
    // attributesToSearchOn naming every field keeps the ranking and turns off looking per matched unit
    const everyTerm = asked.map((q) => index.search({ ...REQUEST, q: q.question, attributesToSearchOn: ['title', 'text'] }));
    index.store.clearMatchTokens();
    const analysed = asked.map((q) => index.search({ ...REQUEST, q: q.question, attributesToSearchOn: ['title', 'text'] }));
    let compared = 0;
    let highlighted = 0;
    asked.forEach((_, i) => {
      const stored = formattedById(fromStored[i]!.hits);
      const all = formattedById(everyTerm[i]!.hits);
      const again = formattedById(analysed[i]!.hits);
      for (const [id, formatted] of stored) {
        if (all.has(id)) {
          assert.equal(formatted, all.get(id), `hit ${String(id)} of "${asked[i]!.question}", every term`);
          compared++;
        }
        if (formatted.includes('<em>')) highlighted++;
      }
      // Analysis word by word finds what the stored tokens find, but for the few words lindera reads
      // differently alone than in the word filter's view (누가 as 누구): then it finds less, never more.
      for (const [id, formatted] of again) {
        const positions = (text: string) => (JSON.parse(text) as [unknown, Record<string, Array<{ start: number }>> | undefined])[1] ?? {};
        const storedPositions = positions(all.get(id)!);
        for (const [path, list] of Object.entries(positions(formatted)))
          for (const { start } of list) assert.ok(storedPositions[path]?.some((p) => p.start === start), `${String(id)} ${path} ${start}`);
      }
    });
    assert.ok(compared >= 300, `hits compared (${compared})`);
    assert.ok(highlighted >= 300, `hits highlighted (${highlighted})`);
  });
});

test('changing stop words re-stores the match tokens: a stop word is no longer among them, nor highlighted', async () => {
  await withEngine(async (engine) => {
    const index = engine.createIndex('books', { primaryKey: 'id' });
    assert.ok(index instanceof KachiIndexImpl);
    const document = { id: 1, title: '까치와 학교', text: '까치가 학교에 왔다' };
    index.addDocuments([document]);
    const storedHolding = (terms: string[]) => {
      const [row] = index.store.byDocNums([...index.store.pages()].flat().map((r) => r.docNum), { matchTokens: true }).values();
      assert.ok(row?.matchTokens, 'the document has match tokens');
      const texts = new Map(flattenValues(document, ['*']).map((v) => [`${v.path}#${v.valueIndex}`, v.text]));
      return [...findMatchTokens(row.matchTokens, (value) => texts.get(value), new Set(terms)).values()].flat().map((t) => t.key);
    };
    const request = { q: '까치 학교', attributesToHighlight: ['text'] };
    const highlighted = () => (index.search(request).hits[0]?._formatted as Document | undefined)?.text;
    assert.deepEqual(storedHolding(['학교', '까치']), ['까치', '학교', '까치', '학교']);
    assert.equal(highlighted(), '<em>까치</em>가 <em>학교</em>에 왔다');
    index.updateSettings({ stopWords: ['학교'] });
    assert.deepEqual(storedHolding(['학교', '까치']), ['까치', '까치'], 'stored again by the reindex, without the stop word');
    assert.equal(highlighted(), '<em>까치</em>가 학교에 왔다');
  });
});
