// The answer feature's public shapes: what `/ask` takes, what it returns, and the events it streams.
import type { Filter } from '../search-types.ts';

export interface AskRequest {
  /** The question, in Korean or English. */
  question: string;
  /** A search filter limiting the documents answers may come from. */
  filter?: Filter | null;
  /** Documents retrieved to answer from. Default 5 (1–20). */
  limit?: number;
}

/** The exact answer phrase: `text === document[field].slice(start, end)` (JavaScript string indexes). */
export interface AnswerSpan {
  id: string;
  field: string;
  start: number;
  end: number;
  text: string;
}

/** The sentence the answer comes from, and the same sentence with the answer between `<em>` tags. */
export interface Evidence {
  id: string;
  field: string;
  start: number;
  end: number;
  text: string;
  highlighted: string;
}

/** A retrieved passage the answer cites as `[n]` (n = position in the list, from 1). */
export interface Citation {
  id: string;
  title: string;
  /** The passage's best sentence for the question. */
  snippet: string;
  /** The engine's ranking score, 0..1. */
  score: number;
}

export type AnswerMode = 'extractive' | 'generative';

export interface AskResponse {
  question: string;
  /** A short, kind reply in the question's language, with `[n]` citation markers. */
  answer: string;
  /** Null when Kachi abstains (or a generated answer quotes no single phrase). */
  answerSpan: AnswerSpan | null;
  evidence: Evidence | null;
  citations: Citation[];
  /** Estimated probability that the answer is right (F1 ≥ 0.5 against a human answer), 0..1. */
  confidence: number;
  mode: AnswerMode;
  /** True when the documents do not seem to hold the answer; the citations are then the closest passages. */
  abstained: boolean;
  /** Why the mode is not the one configured, e.g. the LLM endpoint timed out. */
  note?: string;
  processingTimeMs: number;
}

/** Server-sent events of a streamed answer: `start`, then `delta`s, then `done` (or `error`). */
export type AskEvent =
  | { type: 'start'; mode: AnswerMode; citations: Citation[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; response: AskResponse }
  | { type: 'error'; code: string; message: string };
