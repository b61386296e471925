// A plain in-memory BM25 (Robertson/Lucene idf) over one bag of tokens per document: the reference baseline.

export interface Bm25Options {
  /** Text → terms; the same function runs on documents and queries. */
  tokenize: (text: string) => string[];
  /** Term-frequency saturation. Default 1.2, the usual Lucene/Elasticsearch value. */
  k1?: number;
  /** Length normalization, 0 (none) to 1 (full). Default 0.75. */
  b?: number;
}

export interface ScoredId {
  id: string;
  score: number;
}

/**
 * BM25 with idf = ln(1 + (N − df + 0.5) / (df + 0.5)). Query terms are deduplicated: a question that
 * repeats a bigram should not count it twice. Ties keep insertion order.
 * @example const bm25 = new Bm25Index({ tokenize: hangulBigrams }); bm25.add('1', '검색 엔진'); bm25.search('검색', 10)
 */
export class Bm25Index {
  private readonly tokenize: (text: string) => string[];
  private readonly k1: number;
  private readonly b: number;
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  /** term → (document number → term frequency). */
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;

  constructor(options: Bm25Options) {
    this.tokenize = options.tokenize;
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  get size(): number {
    return this.ids.length;
  }

  add(id: string, text: string): void {
    const doc = this.ids.length;
    const terms = this.tokenize(text);
    this.ids.push(id);
    this.lengths.push(terms.length);
    this.totalLength += terms.length;
    for (const term of terms) {
      let posting = this.postings.get(term);
      if (posting === undefined) this.postings.set(term, (posting = new Map()));
      posting.set(doc, (posting.get(doc) ?? 0) + 1);
    }
  }

  /** The `limit` best documents, best first; documents sharing no term with the query are not returned. */
  search(query: string, limit: number): ScoredId[] {
    const n = this.ids.length;
    const avgLength = n === 0 ? 0 : this.totalLength / n;
    const scores = new Map<number, number>();
    for (const term of new Set(this.tokenize(query))) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [doc, tf] of posting) {
        const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return [...scores]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([doc, score]) => ({ id: this.ids[doc] ?? '', score }));
  }
}
