// The generative answer: numbered passages → an OpenAI-compatible model, streamed, citations checked against the passages.
import type { ExtractiveResult } from './extractive.ts';
import { createCitationFilter } from './citation-filter.ts';
import { streamChat, type ChatMessage, type LlmConfig } from './llm-client.ts';
import type { AskResponse } from './types.ts';

// Characters of each document shown to the model: around its best sentence, enough for context.
const PASSAGE_CHARS = 1200;
// Said by the model when the passages do not hold the answer (the prompt asks for exactly this).
const NOT_FOUND = { ko: '문서에서 답을 찾지 못했어요', en: "I couldn't find the answer in the documents" };

const SYSTEM = {
  ko: `당신은 친절하고 똑똑한 한국어 도우미 "까치"예요. 아래 번호가 붙은 문서만 근거로, 질문에 짧고 친절하게 한국어로 답하세요.
- 문서에 없는 내용은 지어내지 마세요. 답이 문서에 없으면 "${NOT_FOUND.ko}"라고만 답하세요.
- 근거로 쓴 문서 번호를 문장 끝에 [1]처럼 붙이세요. 주어진 번호만 쓰세요.`,
  en: `You are Kachi, a kind and clever assistant. Answer the question briefly and kindly in English, using only the numbered documents below.
- Never invent anything. If the documents do not hold the answer, reply only "${NOT_FOUND.en}".
- Cite the documents you used as [1] at the end of the sentence. Use only the numbers given.`,
};

/** The chat messages: instructions, then each cited document as `[n] title: text`, then the question. */
export function buildMessages(result: ExtractiveResult): ChatMessage[] {
  const language = result.extraction.question.language;
  const documents = result.response.citations.map((citation, i) => {
    const passages = result.passages.filter((p) => p.id === citation.id);
    const text = passages.map((p) => excerpt(p.text, citation.snippet)).join('\n');
    return `[${i + 1}] ${citation.title}: ${text}`;
  });
  return [
    { role: 'system', content: SYSTEM[language] },
    {
      role: 'user',
      content: `${language === 'en' ? 'Documents' : '문서'}:\n${documents.join('\n\n')}\n\n${language === 'en' ? 'Question' : '질문'}: ${result.response.question}`,
    },
  ];
}

/** Up to PASSAGE_CHARS of a text, around the sentence that best matched the question. */
function excerpt(text: string, around: string): string {
  if (text.length <= PASSAGE_CHARS) return text;
  const at = Math.max(0, text.indexOf(around));
  const start = Math.max(0, Math.min(at - PASSAGE_CHARS / 3, text.length - PASSAGE_CHARS));
  return `…${text.slice(start, start + PASSAGE_CHARS)}…`;
}

/**
 * Streams the generated answer as checked text pieces, then returns the final response (built on the
 * extractive one: same citations, span, evidence and confidence). Throws `LlmError` on a timeout or error.
 */
export async function* generateAnswer(
  result: ExtractiveResult,
  config: LlmConfig,
  signal?: AbortSignal,
): AsyncGenerator<string, AskResponse> {
  const started = performance.now();
  const count = result.response.citations.length;
  const filter = createCitationFilter(count);
  let text = '';
  for await (const token of streamChat(config, buildMessages(result), signal)) {
    const piece = filter.push(token);
    text += piece;
    if (piece !== '') yield piece;
  }
  const rest = filter.flush();
  text += rest;
  if (rest !== '') yield rest;
  const language = result.extraction.question.language;
  const abstained = text.includes(NOT_FOUND[language]);
  const extractive = result.response;
  return {
    ...extractive,
    answer: text.trim(),
    mode: 'generative',
    abstained,
    answerSpan: abstained ? null : extractive.answerSpan,
    evidence: abstained ? null : extractive.evidence,
    processingTimeMs: extractive.processingTimeMs + Math.round(performance.now() - started),
  };
}
