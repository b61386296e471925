// Ranking metrics shared by the relevance benchmarks: recall@k, MRR@k and answer recall (A@k).

/**
 * 1-based rank of the first returned item that satisfies `isRelevant`, or `null` when none does.
 * @example firstRelevantRank(['a', 'b', 'c'], (id) => id === 'b') // → 2
 */
export function firstRelevantRank<T>(ranked: readonly T[], isRelevant: (item: T) => boolean): number | null {
  const index = ranked.findIndex(isRelevant);
  return index === -1 ? null : index + 1;
}

/**
 * Normalizes text for answer matching: NFKC, lowercase, every whitespace character removed,
 * so that spacing differences (common in Korean: `검색 엔진` / `검색엔진`) do not hide an answer.
 * @example normalizeAnswerText('１９８９년 2월 ') // → '1989년2월'
 */
export function normalizeAnswerText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * Whether a passage contains any of the answers after `normalizeAnswerText`. Empty answers never match.
 * @example containsAnswer('1989년 2월 15일 여의도', ['1989년2월15일']) // → true
 */
export function containsAnswer(passageText: string, answers: readonly string[]): boolean {
  const passage = normalizeAnswerText(passageText);
  return answers.some((answer) => {
    const needle = normalizeAnswerText(answer);
    return needle !== '' && passage.includes(needle);
  });
}

/** The summary of a ranking run: `recallAt[k]` is the share of queries with a relevant item in the top k. */
export interface RankSummary {
  queries: number;
  recallAt: Record<number, number>;
  /** Mean reciprocal rank, counting ranks up to `mrrDepth` only. */
  mrr: number;
  mrrDepth: number;
}

/**
 * Accumulates first-relevant ranks and reports recall@k and MRR@k. Used for gold-id recall (R@k)
 * and, with `containsAnswer` as the relevance test, for answer recall (A@k).
 * @example const m = new RankMetrics([1, 5, 10], 10); m.add(2); m.add(null); m.summary().mrr // → 0.25
 */
export class RankMetrics {
  private readonly ranks: Array<number | null> = [];

  constructor(
    private readonly ks: readonly number[],
    private readonly mrrDepth: number,
  ) {}

  /** Records one query: the rank of its first relevant item, or `null` when none was returned. */
  add(rank: number | null): void {
    this.ranks.push(rank);
  }

  summary(): RankSummary {
    const n = this.ranks.length;
    const recallAt: Record<number, number> = {};
    for (const k of this.ks) recallAt[k] = share(this.ranks, (r) => r !== null && r <= k);
    const rr = this.ranks.reduce<number>((sum, r) => sum + (r !== null && r <= this.mrrDepth ? 1 / r : 0), 0);
    return { queries: n, recallAt, mrr: n === 0 ? 0 : rr / n, mrrDepth: this.mrrDepth };
  }
}

function share(ranks: ReadonlyArray<number | null>, test: (rank: number | null) => boolean): number {
  return ranks.length === 0 ? 0 : ranks.filter(test).length / ranks.length;
}

/**
 * Nearest-rank percentile of a sample (p in 0..100); 0 for an empty sample.
 * @example percentile([5, 1, 3, 2, 4], 50) // → 3
 */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return 0;
  const sorted = [...sample].sort((x, y) => x - y);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/**
 * Median of a sample; 0 for an empty one.
 * @example median([3, 1, 2, 10]) // → 2.5
 */
export function median(sample: readonly number[]): number {
  if (sample.length === 0) return 0;
  const sorted = [...sample].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
