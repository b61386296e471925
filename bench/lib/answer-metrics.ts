// KorQuAD 1.0's official EM and F1 (evaluate-v1.0.py): quotes and brackets removed, punctuation removed, F1 over characters.
import { normalizeAnswerText } from './metrics.ts';

// ASCII punctuation, as Python's string.punctuation.
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/gu;

/**
 * The official normalisation: the listed quotes and brackets become spaces, text is lowercased, ASCII
 * punctuation is removed and whitespace collapsed.
 * @example normalizeKorquad('《경고:현실주의》 ') // → '경고현실주의'
 */
export function normalizeKorquad(text: string): string {
  const spaced = text.replace(/['"《》<>〈〉()‘’]/gu, ' ');
  return spaced.toLowerCase().replace(PUNCTUATION, '').split(/\s+/u).filter(Boolean).join(' ');
}

/** @example exactMatch('1989년 2월 15일', '1989년  2월 15일') // → true */
export function exactMatch(prediction: string, truth: string): boolean {
  return normalizeKorquad(prediction) === normalizeKorquad(truth);
}

/**
 * Character-level F1 over the normalised texts without spaces, as the official script computes it.
 * @example f1Score('임종석은', '임종석') // → 0.857…
 */
export function f1Score(prediction: string, truth: string): number {
  const predicted = [...normalizeKorquad(prediction).replace(/ /gu, '')];
  const gold = [...normalizeKorquad(truth).replace(/ /gu, '')];
  const counts = new Map<string, number>();
  for (const ch of gold) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let same = 0;
  for (const ch of predicted) {
    const left = counts.get(ch) ?? 0;
    if (left > 0) {
      same++;
      counts.set(ch, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best score over every gold answer, as the official script takes it. */
export function bestOver(
  prediction: string,
  answers: readonly string[],
  metric: (p: string, t: string) => number | boolean,
): number {
  return Math.max(0, ...answers.map((answer) => Number(metric(prediction, answer))));
}

/** Evidence accuracy: the returned sentence holds a gold answer (spacing, case and width ignored). */
export function holdsAnswer(sentence: string, answers: readonly string[]): boolean {
  const text = normalizeAnswerText(sentence);
  return answers.some((answer) => {
    const needle = normalizeAnswerText(answer);
    return needle !== '' && text.includes(needle);
  });
}
