// Proximity: a bonus for consecutive query units that stand close together in the same field,
// computed on positions for the best candidates only (positions are costly to read).
import type { Segment } from '../index/segment.ts';
import type { Candidate } from '../query/execute.ts';
import { collectPositions } from '../query/phrase.ts';
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
    const unitPositions = units.map((unit) => collectPositions(segment, unit.variants.map((v) => v.term), locals));
    for (const candidate of group) {
      let bonus = 0;
      for (let u = 0; u + 1 < units.length; u++) {
        const a = unitPositions[u]!.get(candidate.local);
        const b = unitPositions[u + 1]!.get(candidate.local);
        if (!a || !b) continue;
        let gap = Infinity;
        for (const [field, left] of a) {
          const right = b.get(field);
          if (right) gap = Math.min(gap, smallestGap([...left].sort((x, y) => x - y), [...right].sort((x, y) => x - y)));
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
