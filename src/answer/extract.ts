// Extractive answering over given passages: question analysis → evidence sentences → candidates → the best span.
import { questionFrame } from './align.ts';
import { phraseCandidates, type Candidate } from './candidates.ts';
import { rankSentences, type EvidenceSentence } from './evidence.ts';
import type { Passage } from './passages.ts';
import { analyzeQuestion, type QuestionAnalysis } from './question.ts';
import { AGREEMENT, eojeolMatches, spanFeatures, spanGroup, spanScore, type SpanGroup } from './span.ts';
import { SPAN_WEIGHTS } from './span-weights.ts';
import { sharedTagger, type Tagger } from './tagger.ts';
import { foldTerm, questionTerms, type QueryTerm } from './terms.ts';

export interface ExtractOptions {
  /** Evidence sentences searched for the answer. Default 4. */
  sentences?: number;
  /** Span weights per question-type group, in `SPAN_FEATURES` order. Default: `SPAN_WEIGHTS`. */
  weights?: Readonly<Record<SpanGroup, readonly number[]>>;
  /** Default: the process-wide tagger. */
  tagger?: Tagger;
}

/** A candidate in its sentence, with its features and score. */
export interface ScoredSpan {
  candidate: Candidate;
  evidence: EvidenceSentence;
  features: number[];
  score: number;
}

export interface Extraction {
  question: QuestionAnalysis;
  /** Every sentence of the passages, best evidence first. */
  sentences: EvidenceSentence[];
  /** The question's terms (content morphemes and bigrams). */
  terms: QueryTerm[];
  /** Candidates of the searched sentences, best first. */
  spans: ScoredSpan[];
}

/**
 * @example extractAnswer('임종석이 지명수배된 날은?', passages).spans[0].candidate.text // → '1989년 2월 15일'
 */
export function extractAnswer(
  question: string,
  passages: readonly Passage[],
  options: ExtractOptions = {},
): Extraction {
  const tagger = options.tagger ?? sharedTagger();
  const q = analyzeQuestion(question);
  const weights = (options.weights ?? SPAN_WEIGHTS)[spanGroup(q.type)];
  const tagged = tagger.tag(q.text);
  const terms = questionTerms(tagged);
  const frame = questionFrame(tagged, q);
  const { sentences, termWeights } = rankSentences(terms, passages);
  const searched = sentences.slice(0, options.sentences ?? 4);
  const best = searched[0]?.score ?? 0;
  const folded = foldTerm(q.text);
  const spans: ScoredSpan[] = [];
  searched.forEach((evidence, sentenceRank) => {
    const eojeols = tagger.tag(evidence.sentence.text);
    const matches = eojeolMatches(eojeols, terms, termWeights);
    const context = {
      question: q,
      folded,
      eojeols,
      matches,
      evidence: best > 0 ? evidence.score / best : 0,
      sentenceRank,
      coverage: evidence.coverage,
      passageRank: evidence.passage.rank,
      frame,
    };
    for (const candidate of phraseCandidates(evidence.sentence.text, eojeols))
      spans.push({ candidate, evidence, features: spanFeatures(candidate, context), score: 0 });
  });
  // Agreement: the same phrase among the candidates of other evidence sentences (or other passages).
  const seen = new Map<string, Set<EvidenceSentence>>();
  for (const span of spans) {
    const key = foldTerm(span.candidate.text).replace(/\s+/gu, '');
    const set = seen.get(key) ?? new Set();
    set.add(span.evidence);
    seen.set(key, set);
  }
  for (const span of spans) {
    const key = foldTerm(span.candidate.text).replace(/\s+/gu, '');
    span.features[AGREEMENT] = Math.min(2, (seen.get(key)?.size ?? 1) - 1);
    span.score = spanScore(span.features, weights);
  }
  spans.sort((a, b) => b.score - a.score);
  return { question: q, sentences, terms, spans };
}
