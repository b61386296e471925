// MaxScore (Turtle & Flood 1995), document at a time: the exact k best documents by BM25F without
// scoring every posting. Each clause (a unit with its variants, or a bigram) has an upper bound on its
// score; once k documents are held, the clauses whose bounds together cannot lift a document past the
// k-th score are "non-essential": documents are enumerated from the other clauses only, and the
// non-essential ones are probed with skips, stopping as soon as the document cannot make the cut.
// Frequent bigrams and morphemes, which hold most postings, are then mostly skipped instead of decoded.
//
// Used when results are ranked by score alone and the query has no phrase, exclusion or `all` strategy
// (those need every match); scores equal executeTopK's up to floating-point summation order.
import type { Segment } from '../index/segment.ts';
import { END, openCursor, type PostingCursor } from '../index/posting-cursor.ts';
import { fieldFactors } from '../rank/field-factors.ts';
import type { Candidate, ExecuteContext } from './execute.ts';
import type { QueryPlan } from './plan.ts';

/** Below this many postings in all, scoring everything is as fast and also counts every match. */
export const MAX_SCORE_MIN_POSTINGS = 20_000;

export function canUseMaxScore(plan: QueryPlan): boolean {
  return !plan.requireAll && plan.phrases.length === 0 && plan.excluded.length === 0 && plan.units.length + plan.bigrams.length > 0;
}

interface Clause {
  cursors: PostingCursor[];
  /** weight · idf · (k1 + 1) of each cursor's variant. */
  scales: number[];
  bound: number;
  /** The unit's bit in unitMask; 0 for bigrams. */
  bit: number;
}

/** Keeps the k best candidates; the root is the worst (lowest score, then highest document number). */
class CandidateHeap {
  readonly items: Candidate[] = [];
  constructor(readonly k: number) {}

  get full(): boolean {
    return this.items.length >= this.k;
  }

  /** The score to beat once full. */
  get threshold(): number {
    return this.full ? this.items[0]!.score : -Infinity;
  }

  offer(candidate: Candidate): boolean {
    const items = this.items;
    if (!this.full) {
      items.push(candidate);
      this.up(items.length - 1);
      return true;
    }
    if (!worse(items[0]!, candidate)) return false;
    items[0] = candidate;
    this.down(0);
    return true;
  }

  private up(i: number): void {
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!worse(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const items = this.items;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < items.length && worse(items[left]!, items[worst]!)) worst = left;
      if (right < items.length && worse(items[right]!, items[worst]!)) worst = right;
      if (worst === i) return;
      [items[i], items[worst]] = [items[worst]!, items[i]!];
      i = worst;
    }
  }
}

function worse(a: Candidate, b: Candidate): boolean {
  return a.score < b.score || (a.score === b.score && a.docNum > b.docNum);
}

/**
 * The k best documents (unordered) and a lower bound of how many matched: per segment, the largest
 * document frequency among the clauses (matches are not all counted; Meilisearch's estimatedTotalHits
 * is an estimate too).
 */
export function executeMaxScore(plan: QueryPlan, ctx: ExecuteContext, k: number, idfOf: (term: string) => number): { candidates: Candidate[]; total: number } {
  const heap = new CandidateHeap(Math.max(1, k));
  let total = 0;
  for (const segment of ctx.index.segments) total += scoreSegment(segment, plan, ctx, idfOf, heap);
  return { candidates: k <= 0 ? [] : heap.items, total };
}

function scoreSegment(segment: Segment, plan: QueryPlan, ctx: ExecuteContext, idfOf: (term: string) => number, heap: CandidateHeap): number {
  const factors = fieldFactors(segment, ctx.stats, ctx.params);
  const k1 = ctx.params.k1;
  const docNums = segment.data.docNums;
  const allowed = (ctx.allowed ?? ctx.index.live).words;
  const clauses: Clause[] = [];
  let largestDocFreq = 0;
  const clause = (variants: ReadonlyArray<{ term: string; weight: number }>, weight: number, bit: number): void => {
    const c: Clause = { cursors: [], scales: [], bound: 0, bit };
    for (const v of variants) {
      const ordinal = segment.findTerm(v.term);
      if (ordinal < 0) continue;
      const cursor = openCursor(segment, ordinal, factors);
      const scale = weight * v.weight * idfOf(v.term) * (k1 + 1);
      const maxPf = cursor.maxPf;
      c.bound = Math.max(c.bound, maxPf === Infinity ? scale : (scale * maxPf) / (maxPf + k1));
      c.cursors.push(cursor);
      c.scales.push(scale);
      largestDocFreq = Math.max(largestDocFreq, segment.data.docFreq[ordinal]!);
    }
    if (c.cursors.length > 0) clauses.push(c);
  };
  plan.units.forEach((unit, u) => clause(unit.variants, 1, 1 << Math.min(u, 31)));
  for (const bigram of plan.bigrams) clause([bigram], ctx.bigramWeight, 0);
  clauses.sort((a, b) => a.bound - b.bound);
  const prefix = new Float64Array(clauses.length);
  clauses.reduce((sum, c, i) => (prefix[i] = sum + c.bound), 0);

  let threshold = heap.threshold;
  let essential = 0; // clauses[0 .. essential) are non-essential
  while (essential < clauses.length && prefix[essential]! <= threshold) essential++;

  for (;;) {
    let local = END;
    for (let i = essential; i < clauses.length; i++) for (const c of clauses[i]!.cursors) if (c.local < local) local = c.local;
    if (local === END) break;
    const doc = docNums[local]!;
    const isAllowed = (allowed[doc >>> 5]! & (1 << (doc & 31))) !== 0;
    let score = 0;
    let mask = 0;
    for (let i = essential; i < clauses.length; i++) {
      const c = clauses[i]!;
      let best = 0;
      for (let j = 0; j < c.cursors.length; j++) {
        const cursor = c.cursors[j]!;
        if (cursor.local !== local) continue;
        if (isAllowed) {
          const pf = cursor.pf;
          const s = pf > 0 ? (c.scales[j]! * pf) / (pf + k1) : 0;
          if (s > best) best = s;
        }
        cursor.next();
      }
      if (best > 0) {
        score += best;
        mask |= c.bit;
      }
    }
    if (!isAllowed) continue;
    let pruned = false;
    for (let i = essential - 1; i >= 0; i--) {
      if (score + prefix[i]! <= threshold) {
        pruned = true;
        break;
      }
      const c = clauses[i]!;
      let best = 0;
      for (let j = 0; j < c.cursors.length; j++) {
        const cursor = c.cursors[j]!;
        cursor.advance(local);
        if (cursor.local !== local) continue;
        const pf = cursor.pf;
        const s = pf > 0 ? (c.scales[j]! * pf) / (pf + k1) : 0;
        if (s > best) best = s;
      }
      if (best > 0) {
        score += best;
        mask |= c.bit;
      }
    }
    if (pruned || score <= 0) continue;
    if (heap.offer({ docNum: doc, score, unitMask: mask >>> 0, segment, local })) {
      threshold = heap.threshold;
      while (essential < clauses.length && prefix[essential]! <= threshold) essential++;
    }
  }
  return largestDocFreq;
}
