// Confidence: a logistic model over how the best span won (score, margin, type fit, evidence, retrieval), and abstention.
import type { ScoredSpan, Extraction } from './extract.ts';
import { CONFIDENCE_WEIGHTS } from './span-weights.ts';
import { SPAN_FEATURES } from './span.ts';
import { foldTerm } from './terms.ts';

/**
 * Feature names of `confidenceFeatures`, in order; the last weight is the intercept. The engine's ranking
 * score is left out on purpose: it shrinks with the corpus (idf), so a small index would always abstain.
 */
export const CONFIDENCE_FEATURES = [
  'score',
  'margin',
  'typeFit',
  'coverage',
  'agreement',
  'overlap',
  'topSentence',
  'type:person',
  'type:date',
  'type:place',
  'type:quantity',
  'type:clause',
  'sameTextShare',
  'morphsInSentence',
  'morphsInPassage',
] as const;

type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];

/**
 * Below this confidence Kachi abstains. The confidence model learns from unanswerable questions too
 * (KorQuAD questions asked with their own article filtered out), so that most of those fall below it
 * while few answerable questions do (BENCHMARKS.md, T3).
 */
export const ABSTAIN_BELOW = 0.12;

const FIT = [0, 1, 2, 3, 4, 5].map((slot) =>
  SPAN_FEATURES.indexOf(
    `fit:${['person', 'date', 'place', 'quantity', 'entity', 'clause'][slot]}` as (typeof SPAN_FEATURES)[number],
  ),
);
const COVERAGE = SPAN_FEATURES.indexOf('coverage');
const AGREEMENT = SPAN_FEATURES.indexOf('agreement');
const OVERLAP = SPAN_FEATURES.indexOf('overlap');
const TOP_SENTENCE = SPAN_FEATURES.indexOf('topSentence');
const TYPES = ['person', 'date', 'place', 'quantity'];

/** The confidence features of an extraction's best span (all zero when there is none). */
export function confidenceFeatures(extraction: Extraction): number[] {
  const [best, ...rest] = extraction.spans;
  const f = new Array<number>(CONFIDENCE_FEATURES.length).fill(0);
  const set = (name: ConfidenceFeature, value: number) => (f[CONFIDENCE_FEATURES.indexOf(name)] = value);
  if (best === undefined) return f;
  const key = (s: ScoredSpan) => s.candidate.text.replace(/\s+/gu, '');
  const second = rest.find(
    (s) => key(s) !== key(best) && !key(best).includes(key(s)) && !key(s).includes(key(best)),
  );
  set('score', best.score);
  set('margin', second === undefined ? 2 : Math.min(2, best.score - second.score));
  set('typeFit', Math.max(...FIT.map((i) => best.features[i] ?? 0)));
  set('coverage', best.features[COVERAGE] ?? 0);
  set('agreement', best.features[AGREEMENT] ?? 0);
  set('overlap', best.features[OVERLAP] ?? 0);
  set('topSentence', best.features[TOP_SENTENCE] ?? 0);
  const type = extraction.question.type;
  if (TYPES.includes(type)) set(`type:${type}` as ConfidenceFeature, 1);
  if (type === 'reason' || type === 'manner') set('type:clause', 1);
  // How much of the softmax-like mass the best phrase's text holds among the top candidates.
  const top = extraction.spans.slice(0, 10);
  const mass = top.reduce((sum, s) => sum + Math.exp(s.score - best.score), 0);
  set(
    'sameTextShare',
    top.filter((s) => key(s) === key(best)).reduce((sum, s) => sum + Math.exp(s.score - best.score), 0) /
      mass,
  );
  // Questions whose documents are missing still share words with other passages, but rarely their names
  // and numbers: the share of the question's morphemes the evidence holds tells them apart.
  const morphs = extraction.terms.filter((t) => t.kind === 'morph');
  if (morphs.length > 0) {
    const sentence = foldTerm(best.evidence.sentence.text);
    const passage = foldTerm(best.evidence.passage.text);
    set('morphsInSentence', morphs.filter((t) => sentence.includes(t.text)).length / morphs.length);
    set('morphsInPassage', morphs.filter((t) => passage.includes(t.text)).length / morphs.length);
  }
  return f;
}

/** P(the answer is right), from the features and `CONFIDENCE_WEIGHTS` (intercept last). */
export function confidenceOf(
  features: readonly number[],
  weights: readonly number[] = CONFIDENCE_WEIGHTS,
): number {
  let z = weights[features.length] ?? 0;
  for (let i = 0; i < features.length; i++) z += features[i]! * (weights[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
