// Retrieval for answers: the engine's hits → passages, one per string field that can hold an answer.
import type { KachiIndex } from '../engine-types.ts';
import type { Filter, Hit } from '../search-types.ts';

/** One field of one retrieved document. */
export interface Passage {
  /** The document's primary key value, as a string. */
  id: string;
  title: string;
  field: string;
  text: string;
  /** 0 for the best hit. */
  rank: number;
  /** The engine's ranking score, 0..1. */
  score: number;
}

export interface RetrieveOptions {
  question: string;
  filter?: Filter | null;
  /** Documents to read. Default 5. */
  limit?: number;
}

// Fields that name a document rather than hold its text, in the order they are preferred as its title.
const TITLE_FIELDS = ['title', 'name', 'heading', 'subject', 'headline', '제목', '이름'];
// A field longer than this is read only up to here: answers come from the part the engine matched, and
// scoring a whole book per question would cost more than the answer is worth.
const MAX_FIELD_CHARS = 50_000;

/**
 * @example retrievePassages(index, { question: '임종석을 검거한 곳은?' })
 * // → [{ id: '0-0', title: '임종석', field: 'text', text: '1989년 2월 15일 …', rank: 0, score: 0.71 }, …]
 */
export function retrievePassages(index: KachiIndex, options: RetrieveOptions): Passage[] {
  const primaryKey = index.info().primaryKey;
  const response = index.search({
    q: options.question,
    filter: options.filter ?? null,
    limit: options.limit ?? 5,
    showRankingScore: true,
  });
  return response.hits.flatMap((hit, rank) => passagesOf(hit, rank, primaryKey));
}

function passagesOf(hit: Hit, rank: number, primaryKey: string | null): Passage[] {
  const id = primaryKey !== null && hit[primaryKey] !== undefined ? String(hit[primaryKey]) : String(rank);
  const strings = Object.entries(hit).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && !entry[0].startsWith('_') && entry[0] !== primaryKey,
  );
  const titleField = TITLE_FIELDS.find((name) => strings.some(([field]) => field === name)) ?? null;
  const title = strings.find(([field]) => field === titleField)?.[1] ?? id;
  const bodies = strings.filter(([field]) => field !== titleField);
  const score = typeof hit._rankingScore === 'number' ? hit._rankingScore : 0;
  const fields = bodies.length > 0 ? bodies : strings;
  return fields.map(([field, text]) => ({
    id,
    title,
    field,
    text: text.slice(0, MAX_FIELD_CHARS),
    rank,
    score,
  }));
}
