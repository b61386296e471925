// Measures one engine on one query set: build time, per-query latency, memory and ranking metrics.
import type { Passage, Question } from './korquad.ts';
import { peakRssMiB } from './machine.ts';
import { firstRelevantRank, median, percentile, RankMetrics, type RankSummary } from './metrics.ts';
import type { RetrievalEngine } from './retrieval-engine.ts';

/** Decides whether a returned passage id answers a question (gold id, or contains an answer text). */
export type RelevanceJudge = (question: Question, passageId: string) => boolean;

export interface RetrievalRunOptions {
  /** Named relevance tests, each summarized on its own (e.g. `{ gold: …, answer: … }`). */
  judges: Record<string, RelevanceJudge>;
  /** Hits asked for per query. Default 10. */
  limit?: number;
  /** Cut-offs for recall. Default [1, 5, 10]. */
  ks?: number[];
  /** Depth of MRR. Default 10. */
  mrrDepth?: number;
  /** Queries run before timing starts, to warm up the JIT; they differ from the measured ones so no cache helps. */
  warmupQueries?: string[];
}

export interface RetrievalRunResult {
  passages: number;
  queries: number;
  buildMs: number;
  latencyMs: { p50: number; p99: number; mean: number };
  /** RSS after the data was loaded and before the index was built: the part of the peak that is not the engine's. */
  rssBeforeBuildMiB: number;
  peakRssMiB: number;
  /** JS heap growth from building the index, after a full GC when Node runs with --expose-gc (else NaN). */
  heapDeltaMiB: number;
  metrics: Record<string, RankSummary>;
}

/** The gold-id judge of KorQuAD retrieval: the passage the question was written on. */
export const goldPassage: RelevanceJudge = (question, passageId) => passageId === question.goldId;

export function runRetrieval(
  engine: RetrievalEngine,
  passages: readonly Passage[],
  questions: readonly Question[],
  options: RetrievalRunOptions,
): RetrievalRunResult {
  const limit = options.limit ?? 10;
  const rssBeforeBuildMiB = process.memoryUsage().rss / 2 ** 20;
  const heapBefore = settledHeapMiB();
  const buildStart = performance.now();
  engine.build(passages);
  const buildMs = performance.now() - buildStart;
  const heapDeltaMiB = settledHeapMiB() - heapBefore;

  for (const query of options.warmupQueries ?? []) engine.search(query, limit);
  const judges = Object.entries(options.judges);
  const metrics = judges.map(() => new RankMetrics(options.ks ?? [1, 5, 10], options.mrrDepth ?? 10));
  const latencies: number[] = [];
  for (const question of questions) {
    const start = performance.now();
    const ids = engine.search(question.question, limit);
    latencies.push(performance.now() - start);
    judges.forEach(([, judge], i) => metrics[i]?.add(firstRelevantRank(ids, (id) => judge(question, id))));
  }
  return {
    passages: passages.length,
    queries: questions.length,
    buildMs,
    latencyMs: { p50: median(latencies), p99: percentile(latencies, 99), mean: mean(latencies) },
    rssBeforeBuildMiB,
    peakRssMiB: peakRssMiB(),
    heapDeltaMiB,
    metrics: Object.fromEntries(
      judges.map(([name], i) => [name, (metrics[i] ?? new RankMetrics([], 0)).summary()]),
    ),
  };
}

function settledHeapMiB(): number {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc !== 'function') return Number.NaN;
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function mean(sample: readonly number[]): number {
  return sample.length === 0 ? 0 : sample.reduce((s, x) => s + x, 0) / sample.length;
}
