// A query after analysis and expansion: what the executor matches and scores.

/** Where a term variant came from; each kind has its own weight (see expand.ts). */
export type VariantOrigin = 'exact' | 'prefix' | 'typo' | 'chosung' | 'layout' | 'synonym' | 'spacing' | 'partial';

export interface TermVariant {
  /** Index key of the term (kind prefix included). */
  term: string;
  /** Multiplies the term's BM25F score. 1 for the term as typed. */
  weight: number;
  origin: VariantOrigin;
}

/** One thing the user typed: it matches a document when any of its variants does. */
export interface PlanUnit {
  source: string;
  /** Query position, for proximity and phrases. */
  position: number;
  variants: TermVariant[];
}

/** A phrase: consecutive positions, each accepting any of its terms. */
export type PhrasePlan = string[][];

export interface QueryPlan {
  units: PlanUnit[];
  /** Scoring-only terms (Hangul bigrams): they rank, and they find documents whose morphemes differ. */
  bigrams: TermVariant[];
  phrases: PhrasePlan[];
  /** Documents matching any of these phrases (single words are one-position phrases) are removed. */
  excluded: PhrasePlan[];
  /** `all`: every unit must match; otherwise any unit or bigram makes a candidate. */
  requireAll: boolean;
}

export function isEmptyPlan(plan: QueryPlan): boolean {
  return plan.units.length === 0 && plan.bigrams.length === 0 && plan.phrases.length === 0;
}
