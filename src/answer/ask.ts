// The answer feature's entry points: answerQuestion (one response) and streamAnswer (events), extractive or generative.
import type { KachiIndex } from '../engine-types.ts';
import { KachiError } from '../errors.ts';
import { answerExtractively } from './extractive.ts';
import { generateAnswer } from './generative.ts';
import { LlmError, llmConfigFromEnv, type LlmConfig } from './llm-client.ts';
import type { AskEvent, AskRequest, AskResponse } from './types.ts';

export interface AskOptions {
  /** The generative endpoint; default from `KACHI_LLM_*` (null: extractive only). */
  llm?: LlmConfig | null;
  /** Stops a generation in progress (e.g. the HTTP client went away). */
  signal?: AbortSignal;
}

const FALLBACK_NOTE = {
  ko: '생성 모델이 응답하지 않아 문서에서 직접 찾은 답을 보여 드려요',
  en: 'The language model did not respond, so this answer was extracted from the documents',
};

/**
 * Checks a request at the boundary (HTTP body, CLI): a non-empty question, a limit of 1–20.
 * @example checkAskRequest({ question: '까치는 무엇인가?', limit: 3 }) // → the same, typed
 */
export function checkAskRequest(request: AskRequest): AskRequest {
  if (typeof request.question !== 'string' || request.question.trim() === '')
    throw new KachiError(
      'bad_request',
      'The question is missing or empty: send `{"question": "…"}` with the question as a non-empty string.',
    );
  if (request.question.length > 2000)
    throw new KachiError(
      'bad_request',
      `The question is ${request.question.length} characters long; ask in at most 2000.`,
    );
  const limit = request.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 20))
    throw new KachiError(
      'invalid_search_limit',
      `\`limit\` must be an integer from 1 to 20 (documents to answer from), got \`${String(limit)}\`.`,
    );
  return request;
}

/**
 * Answers a question from an index's documents.
 * @example await answerQuestion(index, { question: '임종석을 검거한 장소는 어디인가?' })
 * // → { answer: '임종석을 검거한 장소는 학생회관 건물 계단이에요. [1]', answerSpan: {…}, mode: 'extractive', … }
 */
export async function answerQuestion(
  index: KachiIndex,
  request: AskRequest,
  options: AskOptions = {},
): Promise<AskResponse> {
  for await (const event of streamAnswer(index, request, options))
    if (event.type === 'done') return event.response;
  throw new KachiError('internal', 'The answer stream ended without an answer. Please report this as a bug.');
}

/**
 * The answer as events: `start` (mode and citations), `delta` pieces of text, then `done` with the whole
 * response, whose `answer` is final (after a fallback it replaces what was streamed).
 */
export async function* streamAnswer(
  index: KachiIndex,
  request: AskRequest,
  options: AskOptions = {},
): AsyncGenerator<AskEvent> {
  const checked = checkAskRequest(request);
  const config = options.llm === undefined ? llmConfigFromEnv() : options.llm;
  const extractive = answerExtractively(index, checked);
  if (config === null || extractive.passages.length === 0) {
    yield { type: 'start', mode: 'extractive', citations: extractive.response.citations };
    yield { type: 'delta', text: extractive.response.answer };
    yield { type: 'done', response: extractive.response };
    return;
  }
  yield { type: 'start', mode: 'generative', citations: extractive.response.citations };
  const generation = generateAnswer(extractive, config, options.signal);
  let streamed = false;
  try {
    for (;;) {
      const step = await generation.next();
      if (step.done) {
        yield { type: 'done', response: step.value };
        return;
      }
      streamed = true;
      yield { type: 'delta', text: step.value };
    }
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    const language = extractive.extraction.question.language;
    const response: AskResponse = {
      ...extractive.response,
      note: `${FALLBACK_NOTE[language]} (${error.message}).`,
    };
    // A reader that showed part of a generated answer gets the fallback on a line of its own.
    yield { type: 'delta', text: streamed ? `\n\n${response.answer}` : response.answer };
    yield { type: 'done', response };
  }
}
