// Deciding a candidate (alert, document) pair without building the search plan when that gives the same answer.
// A unit's plan variants are its fixed terms plus what the index-dependent expansions add (prefix, chosung, typos,
// conditional layout repairs). A unit with a fixed term in the document matches whatever they add; a unit without
// one matches only through them, and when none of them can reach a term of the document it does not match. Typo
// variants are looked up in the index directly (one lookup per word and chunk, shared by every alert with that
// word); only the remaining case (a prefix, chosung or conditional layout expansion in reach of a unit that needs
// it) takes the real plan (percolate.ts).
import { chosungOf, isAllSyllables } from '../analysis/hangul.ts';
import { BIGRAM_PREFIX } from '../query/expand.ts';
import { chosungKey, type AlertKeys, type TypoWord, type UnitSpec } from './candidate-keys.ts';

/** What the decision reads about one document of the chunk, computed when first needed. */
export class DocumentFacts {
  #chosungKeys: Set<string> | null = null;
  #near: { byId: Map<string, string[]>; byWord: Map<string, string[]> } | null = null;

  constructor(
    readonly terms: ReadonlySet<string>,
    /** Saved typo words within their distance of a term (AlertIndex, cached per term). */
    private readonly nearWords: (term: string) => readonly TypoWord[],
  ) {}

  /** Chosung keys of the document's all-syllable terms, at both key lengths. */
  chosungKeys(): Set<string> {
    if (this.#chosungKeys === null) {
      this.#chosungKeys = new Set();
      for (const term of this.terms)
        if (isAllSyllables(term))
          for (const length of [2, 3]) this.#chosungKeys.add(chosungKey(chosungOf(term).slice(0, length)));
    }
    return this.#chosungKeys;
  }

  /** The document's terms near each saved typo word: by the word's id, and by the bare word. */
  #nearTerms(): { byId: Map<string, string[]>; byWord: Map<string, string[]> } {
    if (this.#near === null) {
      const near = (this.#near = { byId: new Map<string, string[]>(), byWord: new Map<string, string[]>() });
      const add = (map: Map<string, string[]>, key: string, term: string): void => {
        const list = map.get(key);
        if (list === undefined) map.set(key, [term]);
        else if (!list.includes(term)) list.push(term);
      };
      for (const term of this.terms)
        for (const typo of this.nearWords(term)) {
          add(near.byId, typo.id, term);
          add(near.byWord, typo.word, term);
        }
    }
    return this.#near;
  }

  /** A term of the document, other than `own`, within the word's typo distance. */
  typoNear(typo: TypoWord, own: readonly string[]): boolean {
    return (this.#nearTerms().byId.get(typo.id) ?? []).some((term) => !own.includes(term));
  }

  /** A term of the document, other than the word itself, within typo distance of the bare word. */
  wordNear(word: string): boolean {
    return (this.#nearTerms().byWord.get(word) ?? []).some((term) => term !== word);
  }
}

export type Decision = 'no' | 'yes' | 'plan';

/** What the decision reads about the index, shared by every document of a chunk. */
export interface DecisionContext {
  /** Whether a unit with these exact terms gets typo variants now: none is in TYPO_RARE_DOC_FREQ documents. */
  isRare(exact: readonly string[]): boolean;
  /** toJamo, cached. */
  jamoOf(term: string): string;
  /**
   * The typo variants search adds for the word now (expand.ts's addTypos: the index's best few within its distance,
   * the word itself left out); asked only for a rare word with a term of the document within its distance.
   */
  typoVariants(typo: TypoWord): ReadonlySet<string>;
}

/**
 * Whether an index-dependent expansion of a unit without a fixed term in the document adds one of its terms:
 * `yes` when a typo variant is in the document (decided with the index's own typo lookup, as search would expand
 * it), `plan` when a conditional layout repair, a chosung or a prefix expansion may add one (only the plan can tell
 * which terms they add), `no` when nothing is in reach.
 */
function expansionDecision(unit: UnitSpec, doc: DocumentFacts, ctx: DecisionContext): Decision {
  for (const typo of unit.typos)
    if (ctx.isRare(typo.exact) && doc.typoNear(typo, unit.terms))
      for (const term of ctx.typoVariants(typo)) if (doc.terms.has(term)) return 'yes';
  if (unit.conditional.some((term) => doc.terms.has(term))) return 'plan';
  if (unit.chosungKey !== null && doc.chosungKeys().has(unit.chosungKey)) return 'plan';
  const prefix = unit.prefix;
  if (prefix === null) return 'no';
  for (const term of doc.terms) {
    if (term.startsWith(BIGRAM_PREFIX) || unit.terms.includes(term)) continue;
    if (prefix.seeds.some((seed) => term.startsWith(seed))) return 'plan';
    if (prefix.jamo !== null && ctx.jamoOf(term).startsWith(prefix.jamo)) return 'plan';
  }
  return 'no';
}

/**
 * `yes` or `no` when the fixed terms and typo variants decide; `plan` when another expansion may add the term
 * that decides (or the query has phrases or exclusions), so only the real plan can tell. A unit satisfied by one of
 * its fixed terms matches whatever the expansions add, so they are only looked at for the units that are not.
 * With every unit required, a unit nothing can satisfy decides `no` before any plan.
 */
export function decide(keys: AlertKeys, doc: DocumentFacts, ctx: DecisionContext): Decision {
  if (keys.matchAll) return 'yes';
  if (keys.planAlways) return 'plan';
  const fixed = (unit: UnitSpec): boolean => unit.terms.some((term) => doc.terms.has(term));
  if (keys.requireAll) {
    let plan = false;
    const open: UnitSpec[] = [];
    for (const unit of keys.units) if (!fixed(unit)) open.push(unit);
    // Cheap refutations first: a unit with nothing in reach settles it without a typo lookup.
    for (const unit of open) if (!inReach(unit, doc, ctx)) return 'no';
    for (const unit of open) {
      const decision = expansionDecision(unit, doc, ctx);
      if (decision === 'no') return 'no';
      if (decision === 'plan') plan = true;
    }
    return plan ? 'plan' : 'yes';
  }
  if (keys.units.some(fixed) || keys.bigrams.some((term) => doc.terms.has(term))) return 'yes';
  let plan = false;
  for (const unit of keys.units) {
    const decision = expansionDecision(unit, doc, ctx);
    if (decision === 'yes') return 'yes';
    if (decision === 'plan') plan = true;
  }
  return plan ? 'plan' : 'no';
}

/** Can an index-dependent expansion of the unit add a term of this document? (No index lookup.) */
function inReach(unit: UnitSpec, doc: DocumentFacts, ctx: DecisionContext): boolean {
  if (unit.conditional.some((term) => doc.terms.has(term))) return true;
  if (unit.chosungKey !== null && doc.chosungKeys().has(unit.chosungKey)) return true;
  if (unit.typos.some((typo) => ctx.isRare(typo.exact) && doc.typoNear(typo, unit.terms))) return true;
  const prefix = unit.prefix;
  if (prefix === null) return false;
  for (const term of doc.terms) {
    if (term.startsWith(BIGRAM_PREFIX) || unit.terms.includes(term)) continue;
    if (prefix.seeds.some((seed) => term.startsWith(seed))) return true;
    if (prefix.jamo !== null && ctx.jamoOf(term).startsWith(prefix.jamo)) return true;
  }
  return false;
}
