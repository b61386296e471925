// The one interface every engine under benchmark implements, and the reference engines (peers).
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { Bm25Index } from './bm25.ts';
import { hangulBigrams } from './hangul-tokens.ts';
import type { Passage } from './korquad.ts';

/** An engine as a benchmark sees it: build once, then answer queries with ranked passage ids. */
export interface RetrievalEngine {
  /** Indexes every passage (title and text both searchable). Called once. */
  build(passages: readonly Passage[]): void;
  /** Ids of the `limit` best passages, best first. */
  search(query: string, limit: number): string[];
  /** Releases files and handles; optional. */
  close?(): void;
}

/** Thrown by a factory when the engine cannot run here (not written yet, missing dependency). */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/**
 * MiniSearch 7 with its defaults (Unicode word tokenizer, lowercase, OR, BM25+). Korean words keep
 * their particles (`임종석이`), so a query word matches only the identical surface form.
 */
export function createMiniSearchEngine(options: { bigrams: boolean }): RetrievalEngine {
  const mini = new MiniSearch<Passage>({
    fields: ['title', 'text'],
    ...(options.bigrams ? { tokenize: (text: string) => hangulBigrams(text) } : {}),
  });
  return {
    build: (passages) => mini.addAll(passages),
    search: (query, limit) =>
      mini
        .search(query)
        .slice(0, limit)
        .map((result) => String(result.id)),
  };
}

/**
 * FlexSearch 0.8 `Index` over `title + text` with a bigram encoder. `suggest: true` is what makes it an
 * OR search: without it FlexSearch returns only documents holding every query term, and a question
 * rarely shares every bigram with its paragraph.
 */
export function createFlexSearchBigramEngine(): RetrievalEngine {
  const index = new FlexSearch.Index({ encode: (text: string) => hangulBigrams(text), tokenize: 'strict' });
  return {
    build: (passages) => {
      for (const p of passages) index.add(p.id, `${p.title}\n${p.text}`);
    },
    search: (query, limit) => index.search(query, { limit, suggest: true }).map(String),
  };
}

/** The reference baseline: BM25 (k1 1.2, b 0.75) over Hangul bigrams of `title + text`. */
export function createBm25BigramEngine(): RetrievalEngine {
  const bm25 = new Bm25Index({ tokenize: hangulBigrams, k1: 1.2, b: 0.75 });
  return {
    build: (passages) => {
      for (const p of passages) bm25.add(p.id, `${p.title}\n${p.text}`);
    },
    search: (query, limit) => bm25.search(query, limit).map((hit) => hit.id),
  };
}
