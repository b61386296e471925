// Phrase matching on positions: terms at consecutive positions inside one field.
import type { Segment } from '../index/segment.ts';
import type { PhrasePlan } from './plan.ts';
import { positionsOf } from '../index/posting-cursor.ts';

/** Local documents among `locals` that contain the phrase. A one-position phrase needs no positions. */
export function matchPhrases(segment: Segment, phrase: PhrasePlan, locals: ReadonlySet<number>): Set<number> {
  const found = new Set<number>();
  if (locals.size === 0 || phrase.length === 0) return found;
  if (phrase.length === 1) {
    for (const term of phrase[0]!) {
      const ordinal = segment.findTerm(term);
      if (ordinal >= 0) segment.forEachPosting(ordinal, (local) => locals.has(local) && found.add(local));
    }
    return found;
  }
  // per slot: local → field → positions
  const slots = phrase.map((terms) => collectPositions(segment, terms, locals));
  for (const local of locals) {
    const first = slots[0]!.get(local);
    if (!first) continue;
    outer: for (const [field, starts] of first)
      for (const start of starts) {
        let ok = true;
        for (let i = 1; i < slots.length && ok; i++) ok = slots[i]!.get(local)?.get(field)?.has(start + i) ?? false;
        if (ok) {
          found.add(local);
          break outer;
        }
      }
  }
  return found;
}

/** Positions of any of `terms`, per local document and field. */
export function collectPositions(segment: Segment, terms: readonly string[], locals: ReadonlySet<number>): Map<number, Map<number, Set<number>>> {
  const out = new Map<number, Map<number, Set<number>>>();
  for (const term of terms) {
    const ordinal = segment.findTerm(term);
    if (ordinal < 0) continue;
    for (const [local, fields] of positionsOf(segment, ordinal, locals)) {
      let perField = out.get(local);
      if (!perField) out.set(local, (perField = new Map()));
      for (const [field, ...positions] of fields) {
        let set = perField.get(field!);
        if (!set) perField.set(field!, (set = new Set()));
        for (const p of positions) set.add(p);
      }
    }
  }
  return out;
}
