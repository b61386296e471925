// Indexing analysis straight to token columns, one cached result per eojeol: with the default
// settings an eojeol's terms and relative positions depend on nothing but the eojeol itself, so a
// repeated eojeol (most of them, in a large corpus) costs one map lookup instead of a pass through
// morphology, drafts, positions and token objects.
import { EntryCache, IntBuffer } from './entry-cache.ts';
import type { PlacedEojeol } from './positions.ts';
import { TOKEN_KINDS, type TokenColumns } from './token-columns.ts';

/** What the column writer needs from the analyzer. */
export interface EojeolPipeline {
  /** Normalized text, where its eojeols start and end (segment.ts's eojeolBounds), and the original offset of each normalized character (normalize's `offsets`). */
  split(text: string): { text: string; bounds: Int32Array; offsets: readonly number[] };
  /** Eojeols of normalized texts, each text analysed alone, placed (positions from 0). */
  place(texts: readonly string[]): PlacedEojeol[][];
}

export interface EojeolColumnsOptions {
  /** Eojeols kept. Default 1,000,000. */
  cacheSize?: number;
  /** Distinct terms remembered before the table (and the cache) start over. Default 2,000,000. */
  maxTerms?: number;
}

// Longer eojeols are rare and unique (text without spaces): computed, not cached.
const MAX_CACHED_LENGTH = 24;
const BIGRAM = TOKEN_KINDS.indexOf('bigram');
const CONTENT_STRIDE = 4;
const BIGRAM_STRIDE = 2;

/**
 * An eojeol's analysis as `[length, advance, contentCount, term, rel, start, end, …, term, rel, …]`: content
 * tokens first (position = position before the eojeol + rel; start and end are offsets in the eojeol),
 * then bigrams as term and rel only (position = max(that, 0): a bigram that overlaps no content token takes
 * the last position, 0 at the start of a text); `advance` is how far the eojeol moves the position. Terms
 * are ids in the writer's term table.
 */
type EojeolEntry = Int32Array;

/**
 * Only valid when analysis is context-free per eojeol: no stop words (a dropped stop word hands its
 * step to the next eojeol), no user dictionary and no custom separators (they may span eojeols).
 * The analyzer checks that before using it.
 */
export function createEojeolColumns(pipeline: EojeolPipeline, options: EojeolColumnsOptions = {}) {
  const cache = new EntryCache(options.cacheSize ?? 1_000_000);
  const maxTerms = options.maxTerms ?? 2_000_000;
  let byKind = TOKEN_KINDS.map(() => new Map<string, number>());
  let terms: string[] = [];
  let kinds: number[] = [];
  // per call: term id → entry in the call's columns, valid where stamp[id] === call
  let local = new Int32Array(1024);
  let stamp = new Int32Array(1024);
  let call = 0;

  function termId(term: string, kind: number): number {
    const table = byKind[kind]!;
    let id = table.get(term);
    if (id === undefined) {
      id = terms.length;
      table.set(term, id);
      terms.push(term);
      kinds.push(kind);
    }
    return id;
  }

  function toEntry(placed: PlacedEojeol): EojeolEntry {
    const { content, bigrams } = placed;
    const entry = new Int32Array(3 + CONTENT_STRIDE * content.length + BIGRAM_STRIDE * bigrams.length);
    let advance = 0;
    let at = 3;
    for (const t of content) {
      entry[at++] = termId(t.term, TOKEN_KINDS.indexOf(t.kind));
      entry[at++] = t.position + 1;
      entry[at++] = t.start;
      entry[at++] = t.end;
      advance = Math.max(advance, t.position + 1);
    }
    for (const t of bigrams) {
      entry[at++] = termId(t.term, BIGRAM);
      // alone, a bigram without content before it gets max(-1, 0) = 0; in a text it gets max(before, 0)
      entry[at++] = content.length > 0 ? t.position + 1 : 0;
    }
    entry[0] = entry.length;
    entry[1] = advance;
    entry[2] = content.length;
    return entry;
  }

  /** Analyses the eojeols not in the cache in one batch (one lindera call) and appends them to `into`. */
  function analyseMissing(keys: readonly string[], into: IntBuffer): number[] | null {
    const placed = pipeline.place(keys);
    const offsets: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const eojeols = placed[i]!;
      if (eojeols.length !== 1) return null;
      const entry = toEntry(eojeols[0]!);
      offsets.push(into.length);
      into.append(entry, 0, entry.length);
      if (keys[i]!.length <= MAX_CACHED_LENGTH) cache.set(keys[i]!, entry);
    }
    return offsets;
  }

  /** Token columns of `texts`, or null if an eojeol did not analyse alone as one eojeol (never expected). */
  function analyzeColumns(texts: readonly string[]): TokenColumns | null {
    if (terms.length > maxTerms) {
      byKind = TOKEN_KINDS.map(() => new Map<string, number>());
      terms = [];
      kinds = [];
      cache.clear();
    }
    // pass 1: each eojeol's entry copied from the cache into this call's buffer, or noted as missing
    const buffer = new IntBuffer(1 << 16);
    const refs: number[] = [];
    const eojeolStarts: number[] = []; // normalized offset of each eojeol, parallel to refs
    const textEojeols: number[] = [];
    const textOffsets: Array<readonly number[]> = [];
    const missing = new Map<string, number>();
    for (const raw of texts) {
      const { text, bounds, offsets } = pipeline.split(raw);
      textEojeols.push(bounds.length / 2);
      textOffsets.push(offsets);
      for (let b = 0; b < bounds.length; b += 2) {
        eojeolStarts.push(bounds[b]!);
        const key = text.slice(bounds[b]!, bounds[b + 1]!);
        const at = buffer.length;
        if (cache.copyTo(key, buffer)) refs.push(at);
        else {
          let miss = missing.get(key);
          if (miss === undefined) missing.set(key, (miss = missing.size));
          refs.push(-1 - miss);
        }
      }
    }
    const missOffsets = missing.size > 0 ? analyseMissing([...missing.keys()], buffer) : [];
    if (missOffsets === null) return null;
    const data = buffer.data;

    // pass 2: positions, and term ids renumbered into this call's own table
    call++;
    if (local.length < terms.length) {
      local = new Int32Array(terms.length * 2);
      stamp = new Int32Array(terms.length * 2);
    }
    let tokenCount = 0;
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      const at = ref >= 0 ? ref : missOffsets[-1 - ref]!;
      refs[i] = at;
      const contentCount = data[at + 2]!;
      tokenCount += contentCount + (data[at]! - 3 - CONTENT_STRIDE * contentCount) / BIGRAM_STRIDE;
    }
    const columns: TokenColumns = {
      terms: [],
      kinds: new Uint8Array(0),
      textStarts: new Int32Array(texts.length + 1),
      entries: new Int32Array(tokenCount),
      positions: new Int32Array(tokenCount),
      starts: new Int32Array(tokenCount),
      ends: new Int32Array(tokenCount),
    };
    const callKinds: number[] = [];
    let k = 0;
    let token = 0;
    textEojeols.forEach((count, i) => {
      columns.textStarts[i] = token;
      const offsets = textOffsets[i]!;
      let before = -1;
      for (let n = 0; n < count; n++) {
        const eojeolStart = eojeolStarts[k]!;
        const start = refs[k++]!;
        const end = start + data[start]!;
        const contentEnd = start + 3 + CONTENT_STRIDE * data[start + 2]!;
        for (let at = start + 3; at < end; at += at < contentEnd ? CONTENT_STRIDE : BIGRAM_STRIDE) {
          const id = data[at]!;
          if (stamp[id] !== call) {
            stamp[id] = call;
            local[id] = columns.terms.length;
            columns.terms.push(terms[id]!);
            callKinds.push(kinds[id]!);
          }
          columns.entries[token] = local[id]!;
          const position = before + data[at + 1]!;
          if (at < contentEnd) {
            columns.starts[token] = offsets[eojeolStart + data[at + 2]!]!;
            columns.ends[token] = offsets[eojeolStart + data[at + 3]!]!;
            columns.positions[token++] = position;
          } else {
            columns.starts[token] = -1;
            columns.ends[token] = -1;
            columns.positions[token++] = Math.max(position, 0);
          }
        }
        before += data[start + 1]!;
      }
    });
    columns.textStarts[texts.length] = token;
    columns.kinds = Uint8Array.from(callKinds);
    return columns;
  }

  return { analyzeColumns };
}
