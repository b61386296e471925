// T3 per-question measurement: Kachi's extractive answer and the two sentence baselines, from the same retrieval.
import type { KachiIndex } from '../../src/engine-types.ts';
import { answerExtractively } from '../../src/answer/extractive.ts';
import type { Passage } from '../../src/answer/passages.ts';
import { splitSentences } from '../../src/answer/sentences.ts';
import { bestOver, exactMatch, f1Score, holdsAnswer } from './answer-metrics.ts';
import type { Question } from './korquad.ts';

export interface QuestionOutcome {
  id: string;
  /** The article's index modulo 2: weights are fitted on 0 (even), 1 is held out. */
  parity: number;
  type: string;
  confidence: number;
  abstained: boolean;
  /** Scores of the answer as returned (an abstention scores 0). */
  em: number;
  f1: number;
  /** Scores of the best span, even when Kachi abstained. */
  spanEm: number;
  spanF1: number;
  /** The sentence Kachi relied on holds a gold answer. */
  evidence: boolean;
  firstSentence: { evidence: boolean; f1: number };
  bigramSentence: { evidence: boolean; f1: number };
  retrievalMs: number;
  answerMs: number;
}

/** Hangul bigrams of a text: `'검색엔진'` → 검색, 색엔, 엔진. */
function bigramsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    if (/^[가-힣]{2}$/u.test(pair)) out.add(pair);
  }
  return out;
}

/** Baseline 2: the sentence of the retrieved passages sharing the most distinct bigrams with the question. */
export function bigramBaseline(question: string, passages: readonly Passage[]): string {
  const wanted = bigramsOf(question);
  let best = '';
  let bestCount = -1;
  for (const p of passages)
    for (const s of splitSentences(p.text)) {
      let count = 0;
      for (const b of bigramsOf(s.text)) if (wanted.has(b)) count++;
      if (count > bestCount) {
        bestCount = count;
        best = s.text;
      }
    }
  return best;
}

/** Answers one question through the index (retrieval included) and scores the answer and the baselines. */
export function measureQuestion(
  index: KachiIndex,
  question: Question,
  parity: number,
  limit: number,
): QuestionOutcome {
  const { response, passages, extraction, timings } = answerExtractively(index, {
    question: question.question,
    limit,
  });
  const best = extraction.spans[0];
  const spanText = best?.candidate.text ?? '';
  const sentence = response.evidence?.text ?? best?.evidence.sentence.text ?? '';
  const returned = response.answerSpan?.text ?? '';
  const first = passages[0] ? (splitSentences(passages[0].text)[0]?.text ?? '') : '';
  const overlap = bigramBaseline(question.question, passages);
  return {
    id: question.id,
    parity,
    type: extraction.question.type,
    confidence: response.confidence,
    abstained: response.abstained,
    em: response.abstained ? 0 : bestOver(returned, question.answers, exactMatch),
    f1: response.abstained ? 0 : bestOver(returned, question.answers, f1Score),
    spanEm: bestOver(spanText, question.answers, exactMatch),
    spanF1: bestOver(spanText, question.answers, f1Score),
    evidence: holdsAnswer(sentence, question.answers),
    firstSentence: {
      evidence: holdsAnswer(first, question.answers),
      f1: bestOver(first, question.answers, f1Score),
    },
    bigramSentence: {
      evidence: holdsAnswer(overlap, question.answers),
      f1: bestOver(overlap, question.answers, f1Score),
    },
    retrievalMs: timings.retrievalMs,
    answerMs: timings.retrievalMs + timings.answerMs,
  };
}

/**
 * A fixed pseudo-random order (mulberry32), so latency is not flattered by asking a paragraph's
 * questions one after another while its sentences sit in the tagger's cache.
 */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
