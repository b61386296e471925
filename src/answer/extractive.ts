// The extractive answer (CPU only, no model): retrieve, extract the best span, estimate confidence, abstain or reply.
import type { KachiIndex } from '../engine-types.ts';
import { ABSTAIN_BELOW, confidenceFeatures, confidenceOf } from './confidence.ts';
import { extractAnswer, type Extraction, type ScoredSpan } from './extract.ts';
import { retrievePassages, type Passage } from './passages.ts';
import { renderAbstention, renderReply } from './reply.ts';
import type { AskRequest, AskResponse, Citation, Evidence } from './types.ts';

/** The extractive response, and what the generative mode needs to build its own on top. */
export interface ExtractiveResult {
  response: AskResponse;
  passages: Passage[];
  extraction: Extraction;
  /** Milliseconds spent retrieving, and the rest (sentences, tagging, spans, reply). */
  timings: { retrievalMs: number; answerMs: number };
}

/**
 * @example answerExtractively(index, { question: '임종석을 검거한 장소는 어디인가?' }).response.answer
 * // → '임종석을 검거한 장소는 학생회관 건물 계단이에요. [1]'
 */
export function answerExtractively(index: KachiIndex, request: AskRequest): ExtractiveResult {
  const started = performance.now();
  const passages = retrievePassages(index, {
    question: request.question,
    filter: request.filter ?? null,
    limit: request.limit ?? 5,
  });
  const retrieved = performance.now();
  const extraction = extractAnswer(request.question, passages);
  const citations = citationsOf(passages, extraction);
  const best = extraction.spans[0];
  const confidence = best === undefined ? 0 : round(confidenceOf(confidenceFeatures(extraction)));
  const base = { question: request.question, citations, confidence, mode: 'extractive' as const };
  let response: AskResponse;
  // An answer must come from a sentence that shares at least one term with the question.
  if (best === undefined || confidence < ABSTAIN_BELOW || best.evidence.coverage === 0) {
    response = {
      ...base,
      answer: renderAbstention(extraction.question.language),
      answerSpan: null,
      evidence: null,
      abstained: true,
      processingTimeMs: 0,
    };
  } else {
    const number = citations.findIndex((c) => c.id === best.evidence.passage.id) + 1;
    // The cited document shows the sentence the answer came from.
    citations[number - 1]!.snippet = best.evidence.sentence.text;
    response = {
      ...base,
      answer: renderReply(extraction.question, best.candidate.text, number, confidence),
      answerSpan: spanOf(best),
      evidence: evidenceOf(best),
      abstained: false,
      processingTimeMs: 0,
    };
  }
  const finished = performance.now();
  response.processingTimeMs = Math.round(finished - started);
  return {
    response,
    passages,
    extraction,
    timings: { retrievalMs: retrieved - started, answerMs: finished - retrieved },
  };
}

/** One citation per retrieved document, in retrieval order; its snippet is its best sentence. */
export function citationsOf(passages: readonly Passage[], extraction: Extraction): Citation[] {
  const out = new Map<string, Citation>();
  for (const p of passages)
    if (!out.has(p.id)) out.set(p.id, { id: p.id, title: p.title, snippet: '', score: p.score });
  for (const s of extraction.sentences) {
    const citation = out.get(s.passage.id);
    if (citation !== undefined && citation.snippet === '') citation.snippet = s.sentence.text;
  }
  for (const citation of out.values())
    if (citation.snippet === '')
      citation.snippet = passages.find((p) => p.id === citation.id)?.text.slice(0, 200) ?? '';
  return [...out.values()];
}

function spanOf(best: ScoredSpan): AskResponse['answerSpan'] {
  const { passage, sentence } = best.evidence;
  const start = sentence.start + best.candidate.start;
  const end = sentence.start + best.candidate.end;
  return { id: passage.id, field: passage.field, start, end, text: passage.text.slice(start, end) };
}

function evidenceOf(best: ScoredSpan): Evidence {
  const { passage, sentence } = best.evidence;
  const { start, end } = best.candidate;
  const highlighted = `${sentence.text.slice(0, start)}<em>${sentence.text.slice(start, end)}</em>${sentence.text.slice(end)}`;
  return {
    id: passage.id,
    field: passage.field,
    start: sentence.start,
    end: sentence.end,
    text: sentence.text,
    highlighted,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
