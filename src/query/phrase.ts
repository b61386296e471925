// Phrase matching on positions: terms at consecutive positions inside one field.
import type { Segment } from '../index/segment.ts';
import type { PhrasePlan } from './plan.ts';
import { positionsOf } from '../index/posting-cursor.ts';

/**
 * Local documents that contain the phrase, among those `allowed` accepts. A one-position phrase needs no positions.
 * Candidates come from the postings of the phrase's rarest slot, not from the allowed documents: on 624k passages,
 * starting from every allowed document cost a quoted common word ~90 ms.
 */
export function matchPhrases(segment: Segment, phrase: PhrasePlan, allowed: (local: number) => boolean): Set<number> {
  if (phrase.length === 0) return new Set();
  // Only documents holding a term of every slot can hold the phrase: walking document numbers (rarest
  // slot first) narrows the candidates cheaply before any position is decoded.
  const slotDocFreq = (terms: readonly string[]) => terms.reduce((sum, t) => sum + (segment.data.docFreq[segment.findTerm(t)] ?? 0), 0);
  let narrowed: Set<number> | null = null;
  for (const terms of [...phrase].sort((a, b) => slotDocFreq(a) - slotDocFreq(b))) {
    if (narrowed?.size === 0) break;
    const next = new Set<number>();
    const within: ReadonlySet<number> | null = narrowed;
    const keep = within === null ? allowed : (local: number) => within.has(local);
    for (const term of terms) {
      const ordinal = segment.findTerm(term);
      if (ordinal >= 0) segment.forEachPosting(ordinal, (local) => keep(local) && next.add(local));
    }
    narrowed = next;
  }
  if (narrowed === null) return new Set();
  if (phrase.length === 1 || narrowed.size === 0) return narrowed;
  const found = new Set<number>();
  // per slot: local → field → positions
  const slots = phrase.map((terms) => collectPositions(segment, terms, narrowed));
  for (const local of narrowed) {
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
