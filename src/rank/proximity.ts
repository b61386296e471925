// Proximity: a bonus for consecutive query units that stand close together in the same field,
// computed on positions for the best candidates only (positions are costly to read).
import type { Segment } from '../index/segment.ts';
import type { Candidate } from '../query/execute.ts';
import { positionsOf } from '../index/posting-cursor.ts';
import type { PlanUnit } from '../query/plan.ts';

export interface ProximityOptions {
  /** Scale of the bonus relative to BM25F. */
  weight: number;
  /** Distances beyond this earn nothing. */
  window: number;
}

export const DEFAULT_PROXIMITY: ProximityOptions = { weight: 1, window: 8 };

/**
 * Adds to each candidate's score Σ over consecutive unit pairs of weight · min(idf) / distance,
 * where distance is the smallest forward gap between the two units in one field
 * (adjacent = 1; reversed order counts as gap + 1). Returns the bonus per candidate.
 */
export function addProximity(
  candidates: readonly Candidate[],
  units: readonly PlanUnit[],
  unitIdf: readonly number[],
  options: ProximityOptions,
): Map<Candidate, number> {
  const bonuses = new Map<Candidate, number>();
  if (units.length < 2 || options.weight === 0) return bonuses;
  const bySegment = new Map<Segment, Candidate[]>();
  for (const c of candidates) {
    const list = bySegment.get(c.segment) ?? [];
    list.push(c);
    bySegment.set(c.segment, list);
  }
  for (const [segment, group] of bySegment) {
    const locals = new Set(group.map((c) => c.local));
    const unitPositions = units.map((unit) => unitPositionsOf(segment, unit, locals));
    for (const candidate of group) {
      let bonus = 0;
      for (let u = 0; u + 1 < units.length; u++) {
        const a = unitPositions[u]!.get(candidate.local);
        const b = unitPositions[u + 1]!.get(candidate.local);
        if (!a || !b) continue;
        let gap = Infinity;
        for (const [field, left] of a) {
          const right = b.get(field);
          if (right) gap = Math.min(gap, smallestGap(left, right));
        }
        if (gap <= options.window) bonus += (options.weight * Math.min(unitIdf[u]!, unitIdf[u + 1]!)) / gap;
      }
      if (bonus > 0) {
        candidate.score += bonus;
        bonuses.set(candidate, bonus);
      }
    }
  }
  return bonuses;
}

/**
 * `addProximity` where only the best `keep` candidates after it matter (a page ranked by score alone), so a
 * candidate whose BM25F score plus the largest bonus it could earn stays below the `keep`-th best final score
 * is left out: the first `keep` in the final order are the same, at a fraction of the positions read.
 * `candidates` must be sorted by score, best first.
 */
export function addProximityToBest(
  candidates: readonly Candidate[],
  units: readonly PlanUnit[],
  unitIdf: readonly number[],
  options: ProximityOptions,
  keep: number,
): Map<Candidate, number> {
  if (units.length < 2 || options.weight === 0 || candidates.length <= keep) return addProximity(candidates, units, unitIdf, options);
  const first = candidates.slice(0, keep);
  const bonuses = addProximity(first, units, unitIdf, options);
  const kth = Math.min(...first.map((c) => c.score));
  const pairBonus = units.slice(1).map((_, u) => options.weight * Math.min(unitIdf[u]!, unitIdf[u + 1]!));
  // Bit i of unitMask says unit i matched (units past 31 share bit 31); a pair earns at most its bonus at gap 1.
  const has = (mask: number, unit: number) => ((mask >>> Math.min(unit, 31)) & 1) === 1;
  const largestBonus = (c: Candidate) => pairBonus.reduce((sum, bonus, u) => (has(c.unitMask, u) && has(c.unitMask, u + 1) ? sum + bonus : sum), 0);
  // The margin keeps a candidate whose bound only ties the k-th score up to rounding.
  const contenders = candidates.slice(keep).filter((c) => c.score + largestBonus(c) >= kth - 1e-9 * Math.abs(kth));
  for (const [candidate, bonus] of addProximity(contenders, units, unitIdf, options)) bonuses.set(candidate, bonus);
  return bonuses;
}

/**
 * Sorted positions of any of the unit's variants, per candidate and field. Arrays rather than sets:
 * this runs for the hundred best candidates of every query, and most units have one variant.
 */
function unitPositionsOf(segment: Segment, unit: PlanUnit, locals: ReadonlySet<number>): Map<number, Map<number, number[]>> {
  const out = new Map<number, Map<number, number[]>>();
  let merged = false;
  for (const variant of unit.variants) {
    const ordinal = segment.findTerm(variant.term);
    if (ordinal < 0) continue;
    for (const [local, fields] of positionsOf(segment, ordinal, locals)) {
      let perField = out.get(local);
      if (!perField) out.set(local, (perField = new Map()));
      for (const list of fields) {
        const field = list[0]!;
        const positions = list.slice(1);
        const existing = perField.get(field);
        if (existing) {
          existing.push(...positions);
          merged = true;
        } else perField.set(field, positions);
      }
    }
  }
  if (merged) for (const perField of out.values()) for (const positions of perField.values()) positions.sort((x, y) => x - y);
  return out;
}

/** Smallest gap from a left position to a right one: q − p when q > p, else p − q + 1. Both sorted. */
function smallestGap(left: number[], right: number[]): number {
  let best = Infinity;
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const p = left[i]!;
    const q = right[j]!;
    best = Math.min(best, q > p ? q - p : p - q + 1);
    if (p < q) i++;
    else j++;
  }
  return best;
}
