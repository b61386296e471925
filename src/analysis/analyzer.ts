// The analyzer: normalize → segment → morphology, words and bigrams → positions, for documents and queries.
import { hangulBigrams } from './bigrams.ts';
import { createDictionaryMatcher } from './dictionary.ts';
import { isAllSyllables } from './hangul.ts';
import { createMorphology, type MorphToken } from './morphology.ts';
import { normalize, type Normalized } from './normalize.ts';
import { placeTokens, type DraftToken, type EojeolDrafts } from './positions.ts';
import { buildQueryUnits } from './query-units.ts';
import { segment, type Eojeol, type Run, type SegmentOptions } from './segment.ts';
import type { AnalyzerConfig, BatchAnalyzer, QueryAnalysis, Token } from './types.ts';
import { wordTokens } from './word-tokens.ts';

interface Prepared {
  normalized: Normalized;
  eojeols: Eojeol[];
}

/**
 * What a Hangul run follows inside its eojeol, as one ASCII character for morphology: after a number
 * the run reads as a counter (15일 → 일/NNBC; alone, 일 reads as 이/VCP+ㄹ/ETM and vanishes), after a
 * Latin word as a particle (Kachi와 → 와/JC; alone, 와 reads as 오/VV+아/EC).
 */
function contextOf(text: string, previous: Run | undefined): string {
  if (previous?.kind !== 'word') return '';
  const last = text.charCodeAt(previous.end - 1);
  return last >= 0x30 && last <= 0x39 ? '1' : 'a';
}

/**
 * @example createAnalyzer(config).analyze('검색엔진을 만들었어요')
 * // → 검색엔진 (compound, 0), 검색 (morph, 0), 엔진 (morph, 1), 만들 (morph, 2) and the bigrams 검색, 색엔, 엔진, 진을, 만들, 들었, 었어, 어요
 */
export function createAnalyzer(config: AnalyzerConfig): BatchAnalyzer {
  const korean = config.korean;
  const morphology = korean.morphology ? createMorphology({ stopTags: korean.stopTags, decompound: korean.decompound }) : null;
  const fold = (list: readonly string[]) => list.map((s) => normalize(s).text).filter((s) => s !== '');
  const stopWords = new Set(fold(config.stopWords));
  const segmentOptions: SegmentOptions = {
    separatorTokens: fold(config.separatorTokens),
    nonSeparatorTokens: fold(config.nonSeparatorTokens),
    dictionary: createDictionaryMatcher(config.dictionary),
  };

  const prepare = (text: string): Prepared => {
    const normalized = normalize(text);
    return { normalized, eojeols: segment(normalized.text, segmentOptions) };
  };

  /** Morphology for every Hangul run of every text in one batched call, in run order. */
  function morphemesOf(prepared: readonly Prepared[]): Array<readonly MorphToken[]> {
    if (!morphology) return [];
    const runs: string[] = [];
    for (const p of prepared)
      for (const e of p.eojeols)
        e.runs.forEach((r, i) => {
          if (r.kind === 'hangul') runs.push(contextOf(p.normalized.text, e.runs[i - 1]) + p.normalized.text.slice(r.start, r.end));
        });
    return morphology.analyze(runs);
  }

  function drafts(p: Prepared, nextMorphs: () => readonly MorphToken[]): EojeolDrafts[] {
    const text = p.normalized.text;
    return p.eojeols.map((eojeol) => {
      const content: DraftToken[] = [];
      for (const run of eojeol.runs) {
        if (run.kind === 'word') content.push(...wordTokens(text, run.start, run.end));
        else if (run.kind === 'hangul' && morphology) for (const m of nextMorphs()) content.push({ ...m, start: m.start + run.start, end: m.end + run.start });
        else {
          // jamo runs, Hangul runs without morphology, and user dictionary words: one token each;
          // a dictionary word all in syllables is a morpheme like any other (카카오뱅크).
          const term = text.slice(run.start, run.end);
          const kind = run.kind === 'dict' && isAllSyllables(term) ? 'morph' : 'word';
          content.push({ term, kind, start: run.start, end: run.end, step: 1 });
        }
      }
      const bigrams = korean.bigrams ? hangulBigrams(text, eojeol.start, eojeol.end) : [];
      return { start: eojeol.start, end: eojeol.end, content, bigrams };
    });
  }

  function placed(prepared: readonly Prepared[]) {
    const morphs = morphemesOf(prepared);
    let k = 0;
    const next = () => morphs[k++] ?? [];
    return prepared.map((p) => placeTokens(drafts(p, next), stopWords));
  }

  const toOriginal = (offsets: readonly number[]) => (t: Token): Token => ({ ...t, start: offsets[t.start]!, end: offsets[t.end]! });

  function analyzeBatch(texts: readonly string[]): Token[][] {
    const prepared = texts.map(prepare);
    return placed(prepared).map((eojeols, i) => {
      const map = toOriginal(prepared[i]!.normalized.offsets);
      const out: Token[] = [];
      for (const e of eojeols) {
        for (const t of e.content) out.push(map(t));
        for (const t of e.bigrams) out.push(map(t));
      }
      return out;
    });
  }

  return {
    analyze: (text: string): Token[] => analyzeBatch([text])[0]!,
    analyzeBatch,
    analyzeQuery(text: string): QueryAnalysis {
      const prepared = prepare(text);
      const [eojeols = []] = placed([prepared]);
      return buildQueryUnits(prepared.normalized.text, eojeols, toOriginal(prepared.normalized.offsets));
    },
  };
}
