// Korean morphology over Hangul eojeols: lindera (mecab-ko-dic) in batches, behind a per-eojeol cache.
import { BoundedCache } from './bounded-cache.ts';
import type { Tokenizer } from 'lindera-wasm';
import { linderaTokenize, linderaTokenizer } from './lindera.ts';
import { contextLength, toMorphTokens, type Morpheme, type MorphToken } from './morph-tokens.ts';
import { isLostI, repairParticleI } from './particle-i.ts';

export type { MorphToken } from './morph-tokens.ts';

export interface MorphologyOptions {
  /** mecab-ko-dic tags to drop (particles, endings, punctuation …); dropped inside WASM where possible. */
  stopTags: readonly string[];
  /** Emit compounds beside their parts (true) or compounds whole only (false). */
  decompound: boolean;
  /** Runs kept in the cache. Default 1,000,000 (about 150 MB when full). */
  cacheSize?: number;
}

export interface Morphology {
  /**
   * Content tokens of each run, offsets relative to its syllables. A run is complete Hangul syllables
   * (가-힣), as the analyzer cuts them, optionally after one ASCII character that stands for the
   * word it follows in the eojeol (`'1'` for a number, `'a'` for Latin); that character only gives
   * context and yields no token: `['학교에', '갔다', '1일']` → `[[학교], [가], [일]]`.
   */
  analyze(runs: readonly string[]): Array<readonly MorphToken[]>;
  /** Cache counters since creation: runs served from the cache, unique runs sent to lindera, entries held. */
  stats(): { hits: number; analysed: number; cached: number };
}

// Runs longer than this are rare and unique (text without spaces); caching them would evict useful entries.
const MAX_CACHED_LENGTH = 24;
// Characters per lindera call: large enough to amortise the call, small enough to bound the result array.
const MAX_BATCH_CHARS = 100_000;
// Every syllable of 가-힣 is three bytes in UTF-8, which turns lindera's byte offsets into char offsets.
const SYLLABLE_BYTES = 3;

export function createMorphology(options: MorphologyOptions): Morphology {
  const stopTags = new Set(options.stopTags);
  const cache = new BoundedCache<string, readonly MorphToken[]>(options.cacheSize ?? 1_000_000);
  let hits = 0;
  let analysed = 0;

  /**
   * Eojeols are joined by single spaces, with a space before the first and after the last, and the
   * spaces are dropped in WASM. Each eojeol is then analysed exactly as when it stands alone between
   * spaces, so cached, batched and query-time results agree, and as in running text (measured on
   * KorQuAD: 5,218 of 5,220 eojeols analysed the same as inside their paragraph; alone without the
   * spaces, only 4,359 were).
   */
  function tokenize(runs: readonly string[], using: Tokenizer): Morpheme[][] {
    const morphemes: Morpheme[][] = runs.map(() => []);
    for (let from = 0; from < runs.length;) {
      let to = from;
      let chars = 0;
      while (to < runs.length && (to === from || chars + runs[to]!.length <= MAX_BATCH_CHARS))
        chars += runs[to++]!.length + 1;
      const batch = runs.slice(from, to);
      const byteStarts: number[] = []; // where each run's syllables start, after any context character
      let byte = 1;
      for (const run of batch) {
        const context = contextLength(run);
        byteStarts.push(byte + context);
        byte += context + (run.length - context) * SYLLABLE_BYTES + 1;
      }
      let r = 0;
      for (const t of linderaTokenize(using, ` ${batch.join(' ')} `)) {
        while (r + 1 < batch.length && byteStarts[r + 1]! <= t.byteStart + 1) r++;
        const base = byteStarts[r]!;
        if (t.byteEnd <= base) continue; // the context character's own token
        const clipped = t.byteStart < base; // a token that swallowed the context character
        morphemes[from + r]!.push({
          surface: clipped ? t.surface.slice(1) : t.surface,
          tag: t.partOfSpeechTag,
          type: t.type ?? '*',
          expression: t.expression ?? '*',
          start: clipped ? 0 : (t.byteStart - base) / SYLLABLE_BYTES,
          end: (t.byteEnd - base) / SYLLABLE_BYTES,
        });
      }
      from = to;
    }
    return morphemes;
  }

  /**
   * lindera with stop tags dropped in WASM; then the eojeols its missing 이 entries may have derailed
   * are analysed again in full (particle-i.ts).
   */
  function analyzeUncached(runs: readonly string[]): MorphToken[][] {
    // Built on first use (loading the dictionary takes about a second), then shared per tag list.
    const morphemes = tokenize(runs, linderaTokenizer(options.stopTags));
    // The repair must see the particles and suffixes the main tokenizer drops in WASM.
    repairParticleI(runs, morphemes, (some) => tokenize(some, linderaTokenizer([])));
    return morphemes.map((m) =>
      toMorphTokens(
        m.filter((x) => !isLostI(x)),
        stopTags,
        options.decompound,
      ),
    );
  }

  return {
    analyze(runs) {
      const out = new Array<readonly MorphToken[]>(runs.length);
      const missing = new Map<string, number[]>();
      runs.forEach((run, i) => {
        const hit = cache.get(run);
        if (hit) {
          out[i] = hit;
          hits++;
        } else {
          const slots = missing.get(run);
          if (slots) slots.push(i);
          else missing.set(run, [i]);
        }
      });
      if (missing.size === 0) return out;
      const unique = [...missing.keys()];
      analysed += unique.length;
      analyzeUncached(unique).forEach((tokens, k) => {
        const run = unique[k]!;
        if (run.length <= MAX_CACHED_LENGTH) cache.set(run, tokens);
        for (const i of missing.get(run)!) out[i] = tokens;
      });
      return out;
    },
    stats: () => ({ hits, analysed, cached: cache.size }),
  };
}
