// The analyzer: normalize → segment → morphology, words and bigrams → positions, for documents and queries.
import { createDictionaryMatcher } from './dictionary.ts';
import { createEojeolColumns } from './eojeol-columns.ts';
import { toColumns, type TokenColumns } from './token-columns.ts';
import { draftEojeols, hangulRuns } from './eojeol-drafts.ts';
import { createMorphology, type MorphToken } from './morphology.ts';
import { normalize, type Normalized } from './normalize.ts';
import { placeTokens, type PlacedEojeol } from './positions.ts';
import { buildQueryUnits } from './query-units.ts';
import { eojeolBounds, segment, type Eojeol, type SegmentOptions } from './segment.ts';
import type { AnalyzerConfig, BatchAnalyzer, QueryAnalysis, Token } from './types.ts';

const CHUNK_CHARS = 32_000;

/** Flattens placed tokens, mapping their offsets to the original text in place (they are fresh objects). */
function toOriginal(eojeols: readonly PlacedEojeol[], offsets: readonly number[]): Token[] {
  const out: Token[] = [];
  const map = (t: Token) => {
    t.start = offsets[t.start]!;
    t.end = offsets[t.end]!;
    out.push(t);
  };
  for (const e of eojeols) {
    e.content.forEach(map);
    e.bigrams.forEach(map);
  }
  return out;
}

interface Prepared {
  normalized: Normalized;
  eojeols: Eojeol[];
}

/** Morphology cache size (runs) when the eojeol cache serves indexing; see createAnalyzer. */
const CONTEXT_FREE_MORPHOLOGY_CACHE = 50_000;

/**
 * @example createAnalyzer(config).analyze('검색엔진을 만들었어요')
 * // → 검색엔진 (compound, 0), 검색 (morph, 0), 엔진 (morph, 1), 만들 (morph, 2) and the bigrams 검색, 색엔, 엔진, 진을, 만들, 들었, 었어, 어요
 */
export function createAnalyzer(config: AnalyzerConfig): BatchAnalyzer {
  const korean = config.korean;
  const fold = (list: readonly string[]) => list.map((s) => normalize(s).text).filter((s) => s !== '');
  const stopWords = new Set(fold(config.stopWords));
  const segmentOptions: SegmentOptions = {
    separatorTokens: fold(config.separatorTokens),
    nonSeparatorTokens: fold(config.nonSeparatorTokens),
    dictionary: createDictionaryMatcher(config.dictionary),
  };
  // With these settings an eojeol's tokens depend on the eojeol alone, so they can be cached per eojeol.
  const contextFree =
    stopWords.size === 0 &&
    segmentOptions.dictionary === null &&
    segmentOptions.separatorTokens.length === 0 &&
    segmentOptions.nonSeparatorTokens.length === 0;
  // The eojeol cache (eojeol-columns.ts) then holds each indexed eojeol's tokens, and the morphology cache under
  // it only serves what that one misses and the analysis of queries, so it is kept small: at its default size it
  // held ~300 MB of objects per analyzer after 100k T2 passages (the build's peak RSS counts two analyzers), and
  // at this size the build is as fast.
  const morphology = korean.morphology
    ? createMorphology({
        stopTags: korean.stopTags,
        decompound: korean.decompound,
        cacheSize: contextFree ? CONTEXT_FREE_MORPHOLOGY_CACHE : undefined,
      })
    : null;

  function prepare(text: string): Prepared {
    const normalized = normalize(text);
    return { normalized, eojeols: segment(normalized.text, segmentOptions) };
  }

  /** Tokens of each text, offsets still normalized; morphology for all texts in one batched call. */
  function place(prepared: readonly Prepared[]): PlacedEojeol[][] {
    let morphs: Array<readonly MorphToken[]> | null = null;
    const counts: number[] = [];
    if (morphology) {
      const runs: string[] = [];
      for (const p of prepared) {
        const before = runs.length;
        hangulRuns(p.normalized.text, p.eojeols, runs);
        counts.push(runs.length - before);
      }
      morphs = morphology.analyze(runs);
    }
    let from = 0;
    return prepared.map((p, i) => {
      const mine = morphs ? morphs.slice(from, (from += counts[i]!)) : null;
      return placeTokens(
        draftEojeols(p.normalized.text, p.eojeols, { morphs: mine, bigrams: korean.bigrams }),
        stopWords,
      );
    });
  }

  /**
   * Texts go through in chunks of about CHUNK_CHARS: large enough that one lindera call takes all the
   * chunk's uncached eojeols, small enough that intermediate structures die young instead of being
   * promoted and traced by full garbage collections (one 300-context call ran 2-3× slower than 64s).
   */
  function analyzeBatch(texts: readonly string[]): Token[][] {
    const out: Token[][] = [];
    for (let from = 0; from < texts.length;) {
      let to = from;
      for (
        let chars = 0;
        to < texts.length && (to === from || chars + texts[to]!.length <= CHUNK_CHARS);
        to++
      )
        chars += texts[to]!.length;
      const prepared = texts.slice(from, to).map(prepare);
      place(prepared).forEach((eojeols, i) => out.push(toOriginal(eojeols, prepared[i]!.normalized.offsets)));
      from = to;
    }
    return out;
  }

  const eojeolColumns = contextFree
    ? createEojeolColumns({
        split(text) {
          const normalized = normalize(text);
          return { text: normalized.text, bounds: eojeolBounds(normalized.text), offsets: normalized.offsets };
        },
        place: (texts) =>
          place(
            texts.map((text) => ({
              normalized: { text, offsets: [] },
              eojeols: segment(text, segmentOptions),
            })),
          ),
      })
    : null;

  function analyzeColumns(texts: readonly string[]): TokenColumns {
    return eojeolColumns?.analyzeColumns(texts) ?? toColumns(analyzeBatch(texts));
  }

  return {
    analyze: (text: string): Token[] => analyzeBatch([text])[0]!,
    analyzeBatch,
    analyzeColumns,
    analyzeQuery(text: string): QueryAnalysis {
      const prepared = prepare(text);
      const offsets = prepared.normalized.offsets;
      const mapped = (t: Token): Token => ({ ...t, start: offsets[t.start]!, end: offsets[t.end]! });
      return buildQueryUnits(prepared.normalized.text, place([prepared])[0]!, mapped);
    },
  };
}
