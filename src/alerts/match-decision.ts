// Deciding a candidate (alert, document) pair without building the search plan when that gives the same answer.
// A unit's plan variants are its fixed terms plus what the index-dependent expansions add (prefix, chosung, typos,
// conditional layout repairs). A unit with a fixed term in the document matches whatever they add; a unit without
// one matches only through them, and when none of them can reach a term of the document it does not match. Only
// the remaining case (an expansion in reach of a unit that needs it) takes the real plan (percolate.ts).
import { chosungOf, isAllSyllables } from '../analysis/hangul.ts';
import { BIGRAM_PREFIX } from '../query/expand.ts';
import { chosungKey, typoId, type AlertKeys, type TypoWord, type UnitSpec } from './candidate-keys.ts';

/** What the decision reads about one document of the chunk, computed when first needed. */
export class DocumentFacts {
  #chosungKeys: Set<string> | null = null;
  #near: Map<string, string[]> | null = null;

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

  /** The document's terms near each saved typo word, by typoId, and by the bare word (under a `w:` prefix). */
  #nearTerms(): Map<string, string[]> {
    if (this.#near === null) {
      this.#near = new Map();
      for (const term of this.terms)
        for (const typo of this.nearWords(term))
          for (const id of [typoId(typo), `w:${typo.word}`]) {
            const list = this.#near.get(id);
            if (list === undefined) this.#near.set(id, [term]);
            else if (!list.includes(term)) list.push(term);
          }
    }
    return this.#near;
  }

  /** A term of the document, other than `own`, within the word's typo distance. */
  typoNear(typo: TypoWord, own: readonly string[]): boolean {
    return (this.#nearTerms().get(typoId(typo)) ?? []).some((term) => !own.includes(term));
  }

  /** A term of the document, other than the word itself, within typo distance of the bare word. */
  wordNear(word: string): boolean {
    return (this.#nearTerms().get(`w:${word}`) ?? []).some((term) => term !== word);
  }
}

export type Decision = 'no' | 'yes' | 'plan';

/** Can an index-dependent expansion of the unit add a term of this document? */
function inReach(
  unit: UnitSpec,
  doc: DocumentFacts,
  isRare: (exact: readonly string[]) => boolean,
  jamoOf: (term: string) => string,
): boolean {
  if (unit.conditional.some((term) => doc.terms.has(term))) return true;
  if (unit.chosungKey !== null && doc.chosungKeys().has(unit.chosungKey)) return true;
  if (unit.typos.some((typo) => isRare(typo.exact) && doc.typoNear(typo, unit.terms))) return true;
  const prefix = unit.prefix;
  if (prefix === null) return false;
  for (const term of doc.terms) {
    if (term.startsWith(BIGRAM_PREFIX) || unit.terms.includes(term)) continue;
    if (prefix.seeds.some((seed) => term.startsWith(seed))) return true;
    if (prefix.jamo !== null && jamoOf(term).startsWith(prefix.jamo)) return true;
  }
  return false;
}

/**
 * `yes` or `no` when the fixed terms decide; `plan` when an expansion may add the term that decides (or the query
 * has phrases or exclusions), so only the real plan can tell. A unit satisfied by one of its fixed terms matches
 * whatever the expansions add, so they are only looked at for the units that are not.
 */
export function decide(
  keys: AlertKeys,
  doc: DocumentFacts,
  isRare: (exact: readonly string[]) => boolean,
  jamoOf: (term: string) => string,
): Decision {
  if (keys.matchAll) return 'yes';
  if (keys.planAlways) return 'plan';
  const fixed = (unit: UnitSpec): boolean => unit.terms.some((term) => doc.terms.has(term));
  if (keys.requireAll) {
    let plan = false;
    for (const unit of keys.units) {
      if (fixed(unit)) continue;
      if (!inReach(unit, doc, isRare, jamoOf)) return 'no';
      plan = true;
    }
    return plan ? 'plan' : 'yes';
  }
  if (keys.units.some(fixed) || keys.bigrams.some((term) => doc.terms.has(term))) return 'yes';
  return keys.units.some((unit) => inReach(unit, doc, isRare, jamoOf)) ? 'plan' : 'no';
}
