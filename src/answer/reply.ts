// The reply a person reads: short and kind, in the question's language, with the right particles and a citation marker.
import { withParticle } from './particles.ts';
import type { QuestionAnalysis } from './question.ts';

// A topic longer than this makes the reply read like the question repeated; the answer stands alone then.
const MAX_TOPIC = 24;
// Below this confidence (but above abstention) the reply says it is a likely answer, not a sure one.
const SURE = 0.5;

/**
 * @example renderReply(q('임종석을 검거한 장소는 어디인가?'), '학생회관 건물 계단', 1, 0.8)
 * // → '임종석을 검거한 장소는 학생회관 건물 계단이에요. [1]'
 * @example renderReply(q('노아는 누구의 명령에 따라 배를 만들었는가?'), '하나님', 2, 0.3)
 * // → '하나님이 답인 것 같아요. [2]'
 * @example renderReply(q('Who founded Kachi?'), 'Kim', 1, 0.9) // → 'The answer is Kim. [1]'
 */
export function renderReply(
  q: QuestionAnalysis,
  answer: string,
  citation: number,
  confidence: number,
): string {
  const marker = `[${citation}]`;
  if (q.language === 'en')
    return confidence >= SURE ? `The answer is ${answer}. ${marker}` : `It looks like ${answer}. ${marker}`;
  if (q.type === 'reason') return `${confidence < SURE ? '아마 ' : ''}${because(answer)} ${marker}`;
  if (confidence < SURE) return `${withParticle(answer, '이/가')} 답인 것 같아요. ${marker}`;
  if (q.topic !== null && q.topic.length <= MAX_TOPIC)
    return `${withParticle(q.topic, '은/는')} ${withParticle(answer, '이에요/예요')}. ${marker}`;
  return `${withParticle(answer, '이에요/예요')}. ${marker}`;
}

/**
 * A cause, said as one: 알리기 위해 → 알리기 위해서요., 늦어서 → 늦어서요., 삼투압 변화 → 삼투압 변화 때문이에요.
 */
function because(answer: string): string {
  if (/위해$/u.test(answer)) return `${answer}서요.`;
  if (/(?:서|고|며|므로|니까|위하여|때문에|인해)$/u.test(answer)) return `${answer}요.`;
  return `${answer} 때문이에요.`;
}

/**
 * What Kachi says when the documents do not hold the answer; the closest passages follow as citations.
 * @example renderAbstention('ko') // → '문서에서 답을 찾지 못했어요. 가장 가까운 문서를 함께 보여 드릴게요.'
 */
export function renderAbstention(language: QuestionAnalysis['language']): string {
  return language === 'en'
    ? "I couldn't find the answer in the documents. Here are the closest passages."
    : '문서에서 답을 찾지 못했어요. 가장 가까운 문서를 함께 보여 드릴게요.';
}
