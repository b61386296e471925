// MaxScore pruning, skip-table reads and proximity for the page only must agree with doing everything: same
// top documents and scores, same positions. A seeded corpus of Korean sentences makes lists long enough to get skip tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KachiIndexImpl } from '../src/kachi-index.ts';
import { setDecodedListBudget } from '../src/index/decoded-lists.ts';
import { END, openCursor, positionsOf, SKIP_MIN_POSTINGS } from '../src/index/posting-cursor.ts';
import { executeTopK, type Candidate } from '../src/query/execute.ts';
import { buildPlan } from '../src/query/expand.ts';
import { parseQuery } from '../src/query/parse.ts';
import { DEFAULT_BM25F, idf } from '../src/rank/bm25f.ts';
import { addProximity, addProximityToBest, DEFAULT_PROXIMITY } from '../src/rank/proximity.ts';
import { fieldFactors } from '../src/rank/field-factors.ts';
import { BIGRAM_WEIGHT, fieldStatistics } from '../src/rank/weights.ts';
import { withEngine } from './helpers/temp-engine.ts';

const WORDS = ['서울', '부산', '학교', '검색엔진', '역사', '까치', '바다', '도서관', '형태소', '분석', '여행', '마을', '음악', '과학', '경제', '정부', '대학교', '철학', '문화', '국가'];
const ENDINGS = ['에서', '의', '를', '은', '과', '으로', '이다', '하였다'];

/** Deterministic pseudo-random sentences (mulberry32). */
function corpus(count: number): Array<{ id: number; title: string; text: string }> {
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // skewed word choice, so some words are frequent (long lists) and some rare
  const word = () => WORDS[Math.floor(random() ** 2 * WORDS.length)]!;
  return Array.from({ length: count }, (_, id) => ({
    id,
    title: `${word()} ${word()}`,
    // and a sparse long list (every 7th document, 1 to 3 times): a cursor that loses its place in it lands on a wrong document
    text: [...Array.from({ length: 6 + Math.floor(random() * 20) }, () => word() + pick(ENDINGS)), ...(id % 7 === 3 ? Array<string>(1 + (id % 3)).fill('까마귀') : [])].join(' '),
  }));
}

const QUERIES = ['서울 학교의 역사', '검색엔진 형태소 분석', '바다 마을 까치', '대학교 철학과 문화', '국가 경제 정부 음악 과학', '부산 여행', '도서관에서 역사를 공부하였다', '까마귀 학교'];

function ordered(candidates: Candidate[]): Array<[number, number]> {
  return [...candidates].sort((a, b) => b.score - a.score || a.docNum - b.docNum).map((c) => [c.docNum, c.score]);
}

test('pruned top-k returns the same top documents and scores as scoring every posting; skip tables read the same postings and positions; proximity left out only where it cannot change the page', async () => {
  await withEngine((engine) => {
    const index = engine.createIndex('docs', { primaryKey: 'id' }) as unknown as KachiIndexImpl;
    index.updateSettings({ searchableAttributes: ['title', 'text'] });
    index.addDocuments(corpus(10_000));
    const stats = fieldStatistics(index.fieldIds.names(), (id) => index.inverted.averageFieldLength(id));
    const context = () => ({ index: index.inverted, stats, params: DEFAULT_BM25F, bigramWeight: BIGRAM_WEIGHT, allowed: index.inverted.live.clone() });
    const planOf = (q: string) =>
      buildPlan(parseQuery(q), {
        analyzer: index.analyzer,
        settings: index.settings,
        docFreq: (t) => index.inverted.docFreq(t),
        termsWithPrefix: (p, l) => index.inverted.termsWithPrefix(p, l),
        variants: () => index.variants(),
        matchingStrategy: 'last',
      });
    let longLists = 0;
    for (const q of QUERIES) {
      const plan = planOf(q);
      for (const k of [1, 10, 100]) {
        const expected = ordered(executeTopK(plan, context(), Infinity).candidates).slice(0, k);
        const actual = ordered(executeTopK(plan, context(), k).candidates).slice(0, k);
        assert.deepEqual(actual.map(([doc]) => doc), expected.map(([doc]) => doc), `${q}, k=${k}`);
        actual.forEach(([, score], i) => assert.ok(Math.abs(score - expected[i]![1]) < 1e-9, `${q}: score at ${i}`));
      }
      for (const segment of index.inverted.segments)
        for (const unit of plan.units)
          for (const variant of unit.variants) {
            const ordinal = segment.findTerm(variant.term);
            if (ordinal < 0 || segment.data.docFreq[ordinal]! < SKIP_MIN_POSTINGS) continue;
            longLists++;
            const all: number[] = [];
            segment.forEachPosting(ordinal, (local) => all.push(local));
            // block maxima bound every posting of a range of documents
            const factors = fieldFactors(segment, stats, DEFAULT_BM25F);
            const sats = new Map<number, number>();
            for (const reader = openCursor(segment, ordinal, factors, DEFAULT_BM25F.k1); reader.local !== END; reader.next()) sats.set(reader.local, reader.sat);
            // from the decoded arrays, then from the bytes (nothing kept decoded)
            for (const budget of [undefined, 0]) {
              const previous = budget === undefined ? undefined : setDecodedListBudget(budget);
              try {
                const cursor = openCursor(segment, ordinal, fieldFactors(segment, stats, DEFAULT_BM25F), DEFAULT_BM25F.k1);
                assert.equal(cursor.docs === null, budget === 0, 'decoded only while kept');
                for (const target of [0, 1, 77, 128, 129, 1000, 2999, 5000, 9999, 12_000]) {
                  cursor.advance(target);
                  assert.equal(cursor.local, all.find((l) => l >= target) ?? END, `advance(${target}) on ${variant.term}`);
                  if (cursor.local !== END) assert.equal(cursor.sat, sats.get(cursor.local), `advance(${target}) on ${variant.term}: its value`);
                }
              } finally {
                if (previous !== undefined) setDecodedListBudget(previous);
              }
            }
            const bounded = openCursor(segment, ordinal, factors, DEFAULT_BM25F.k1);
            for (let from = 0; from < segment.docCount; from += 700) {
              const inRange = [...sats].filter(([local]) => local >= from && local < from + 700).map(([, sat]) => sat);
              const bound = bounded.maxSatIn(from, from + 700);
              assert.ok(bound >= Math.max(0, ...inRange), `${variant.term}: bound of [${from}, ${from + 700})`);
              assert.ok(bound <= bounded.maxSat, `${variant.term}: a range bound is within the list's`);
            }
            const wanted = new Set([0, 5, 127, 128, 640, 2000, 2999, ...all.filter((_, i) => i % 97 === 0)]);
            assert.deepEqual(positionsOf(segment, ordinal, wanted), segment.positionsFor(ordinal, wanted));
          }
    }
    assert.ok(longLists > 0, 'the corpus has lists long enough for skip tables');

    // Long lists read from their decoded arrays score exactly as from their bytes.
    for (const q of QUERIES) {
      const plan = planOf(q);
      for (const k of [10, 100, Infinity]) {
        const decoded = ordered(executeTopK(plan, context(), k).candidates);
        const previous = setDecodedListBudget(0);
        try {
          assert.deepEqual(ordered(executeTopK(plan, context(), k).candidates), decoded, `${q}, k=${k}: bytes and decoded lists`);
        } finally {
          setDecodedListBudget(previous);
        }
      }
    }

    // Proximity for the candidates that can still reach the page only: the same page, the same scores.
    let leftOut = 0;
    for (const q of QUERIES) {
      const plan = planOf(q);
      const unitIdf = plan.units.map((u) => Math.max(0, ...u.variants.map((v) => idf(index.inverted.docFreq(v.term), index.inverted.indexedDocumentCount))));
      const best = ordered(executeTopK(plan, context(), 100).candidates).map(([docNum]) => docNum);
      const fresh = () => {
        const byDoc = new Map(executeTopK(plan, context(), 100).candidates.map((c) => [c.docNum, c]));
        return best.map((docNum) => ({ ...byDoc.get(docNum)! }));
      };
      for (const k of [1, 3, 10]) {
        const every = fresh();
        const expected = addProximity(every, plan.units, unitIdf, DEFAULT_PROXIMITY);
        const some = fresh();
        const actual = addProximityToBest(some, plan.units, unitIdf, DEFAULT_PROXIMITY, k);
        assert.deepEqual(ordered(some).slice(0, k), ordered(every).slice(0, k), `${q}: the first ${k} with proximity`);
        leftOut += expected.size - actual.size;
      }
    }
    assert.ok(leftOut > 0, 'some candidates could not reach the page and got no bonus');

    // A filter (every third document, and a run of deleted ones) removes exactly its documents.
    index.deleteDocuments(Array.from({ length: 40 }, (_, i) => 1000 + i));
    const allowed = index.inverted.live.clone();
    for (const docNum of [...allowed]) if (docNum % 3 === 0) allowed.remove(docNum);
    for (const q of QUERIES) {
      const plan = planOf(q);
      const everything = executeTopK(plan, { ...context(), allowed: index.inverted.live.clone() }, Infinity).candidates;
      const filtered = executeTopK(plan, { ...context(), allowed }, Infinity).candidates;
      assert.deepEqual(
        filtered.map((c) => c.docNum).sort((a, b) => a - b),
        everything.filter((c) => allowed.has(c.docNum)).map((c) => c.docNum).sort((a, b) => a - b),
        `${q}: filtered matches`,
      );
      const top = ordered(executeTopK(plan, { ...context(), allowed }, 10).candidates).slice(0, 10);
      assert.deepEqual(top.map(([doc]) => doc), ordered(filtered).slice(0, 10).map(([doc]) => doc), `${q}: filtered top 10`);
    }
  });
});
