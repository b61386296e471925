// Side indexes over the term dictionary for Korean query expansion: chosung, jamo typos, jamo prefixes
// (half-typed syllables) and keyboard-layout repair. Kept up to date term by term with `add`.
import { chosungOf, isAllSyllables, isChosungOnly, toJamo } from '../analysis/hangul.ts';
import { BoundedCache } from '../analysis/bounded-cache.ts';
import { JamoIndex, type IndexMatch } from '../analysis/jamo-index.ts';
import { toHangulLayout, toLatinLayout } from '../analysis/keyboard-layout.ts';
import { BIGRAM_PREFIX } from './expand.ts';
import { TermList } from './term-list.ts';

/** Typo walks kept (a few hundred bytes each). */
const WALKS_KEPT = 20_000;

export interface TermVariantsOptions {
  /** Documents per term; among candidates at the same distance, frequent terms come first. Default: none (insertion order). */
  docFreq?: (term: string) => number;
}

/**
 * @example
 * const v = new TermVariants();
 * for (const t of ['검색', '검색엔진', '검사', '장바구니']) v.add(t);
 * v.chosungMatches('ㄱㅅㅇㅈ', { prefix: false, limit: 5 }) // → ['검색엔진']
 * v.chosungMatches('ㄱㅅ', { prefix: true, limit: 5 })     // → ['검색', '검사', '검색엔진']
 * v.typoMatches('검샥', 1, 5)                               // → [{ term: '검색', distance: 1 }] (ㅐ → ㅑ)
 * v.jamoPrefixMatches('장바ㄱ', 5)                          // → ['장바구니'] (so does the IME state 장박)
 * v.keyboardAlternatives('rjator')                         // → ['검색']
 */
export class TermVariants {
  private terms = new TermList();
  /** Live term → id; built on first use after `fromBytes` (a million-entry Map cost ~1 s of a restart
   * that most queries never need: lookups only check ids against `dead`). */
  private idMap: Map<string, number> | null = new Map();
  /** Ids of deleted terms. */
  private readonly dead = new Set<number>();
  private jamo = new JamoIndex();
  private chosung = new JamoIndex();
  private readonly docFreq: ((term: string) => number) | undefined;
  /**
   * Typo walks of the jamo index already made (`distance` + jamo → matches), until a term is added or
   * removed: questions repeat most of their words (무엇, 누구, 언제 …), and the walk was most of a typo
   * lookup. Ranking the matches reads document frequencies afresh each time.
   */
  private readonly walks = new BoundedCache<string, readonly IndexMatch[]>(WALKS_KEPT);

  constructor(options: TermVariantsOptions = {}) {
    this.docFreq = options.docFreq;
  }

  private get ids(): Map<string, number> {
    if (!this.idMap) {
      this.idMap = new Map();
      this.terms.forEach((term, id) => this.dead.has(id) || this.idMap!.set(term, id));
    }
    return this.idMap;
  }

  /** Builds the side indexes for many terms at once (each side index sorted once). */
  static fromTerms(terms: Iterable<string>, options: TermVariantsOptions = {}): TermVariants {
    const variants = new TermVariants(options);
    const jamo: string[] = [];
    const chosung: string[] = [];
    const chosungIds: number[] = [];
    for (const term of terms) {
      if (term === '' || term.startsWith(BIGRAM_PREFIX) || variants.ids.has(term)) continue;
      const id = variants.terms.length;
      variants.terms.push(term);
      variants.ids.set(term, id);
      jamo.push(toJamo(term));
      if (isAllSyllables(term)) {
        chosung.push(chosungOf(term));
        chosungIds.push(id);
      }
    }
    variants.jamo = JamoIndex.fromEntries(jamo, Array.from(jamo, (_, id) => id));
    variants.chosung = JamoIndex.fromEntries(chosung, chosungIds);
    return variants;
  }

  /**
   * The terms and both side indexes as bytes, so a restart loads them instead of decomposing every
   * term again (seconds on a large index). Layout: a JSON header line, then for each of the three
   * string lists its UTF-16 text and lengths, and the two id lists (see `fromBytes`).
   */
  toBytes(): Buffer {
    const terms: string[] = [];
    this.terms.forEach((t, id) => terms.push(this.dead.has(id) ? '' : t));
    const jamo = this.jamo.snapshot();
    const chosung = this.chosung.snapshot();
    const lists = [terms, jamo.keys, chosung.keys];
    const header = Buffer.from(`${JSON.stringify({ format: 'kachi-term-variants', version: 1, counts: lists.map((l) => l.length), idCounts: [jamo.ids.length, chosung.ids.length] })}\n`);
    const parts: Buffer[] = [header];
    for (const list of lists) {
      const text = Buffer.from(list.join(''), 'utf16le');
      parts.push(u32(Uint32Array.of(text.length)), text, u32(Uint32Array.from(list, (s) => s.length)));
    }
    parts.push(u32(Uint32Array.from(jamo.ids)), u32(Uint32Array.from(chosung.ids)));
    return Buffer.concat(parts);
  }

  /** Reads `toBytes()`'s output; null when the bytes are not a version this code reads. */
  static fromBytes(bytes: Buffer, options: TermVariantsOptions = {}): TermVariants | null {
    const newline = bytes.indexOf(10);
    if (newline < 0) return null;
    let header: { format?: string; version?: number; counts?: number[]; idCounts?: number[] };
    try {
      header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as typeof header;
    } catch {
      return null;
    }
    if (header.format !== 'kachi-term-variants' || header.version !== 1 || header.counts?.length !== 3 || header.idCounts?.length !== 2) return null;
    let offset = newline + 1;
    const readU32 = (count: number): Uint32Array => {
      const copy = new Uint32Array(count);
      Buffer.from(copy.buffer).set(bytes.subarray(offset, offset + count * 4));
      offset += count * 4;
      return copy;
    };
    const packed = header.counts.map((count) => {
      const byteLength = readU32(1)[0]!;
      const text = bytes.subarray(offset, offset + byteLength).toString('utf16le');
      offset += byteLength;
      return { text, lengths: readU32(count) };
    });
    const unpack = ({ text, lengths }: { text: string; lengths: Uint32Array }): string[] => {
      const out = new Array<string>(lengths.length);
      for (let i = 0, at = 0; i < lengths.length; at += lengths[i]!, i++) out[i] = text.slice(at, at + lengths[i]!);
      return out;
    };
    const [jamoIds, chosungIds] = header.idCounts.map((count) => Array.from(readU32(count)));
    const variants = new TermVariants(options);
    variants.idMap = null;
    const [terms, jamo, chosung] = packed;
    variants.terms = TermList.packed(terms!.text, terms!.lengths);
    terms!.lengths.forEach((length, id) => length === 0 && variants.dead.add(id)); // deleted terms are saved as ''
    variants.jamo = JamoIndex.fromSnapshot(unpack(jamo!), jamoIds!);
    variants.chosung = JamoIndex.fromSnapshot(unpack(chosung!), chosungIds!);
    return variants;
  }

  /** Adds a word, morph or compound term; bigram keys (prefixed with BIGRAM_PREFIX) and repeats are ignored. */
  add(term: string): void {
    if (term === '' || term.startsWith(BIGRAM_PREFIX) || this.ids.has(term)) return;
    const id = this.terms.length;
    this.terms.push(term);
    this.ids.set(term, id);
    this.jamo.insert(toJamo(term), id);
    if (isAllSyllables(term)) this.chosung.insert(chosungOf(term), id);
    this.walks.clear();
  }

  /** Removes a term that no longer occurs in the index. */
  delete(term: string): void {
    const id = this.ids.get(term);
    if (id === undefined) return;
    this.ids.delete(term);
    this.dead.add(id);
    this.jamo.remove(id);
    this.chosung.remove(id);
    this.walks.clear();
  }

  has(term: string): boolean {
    return this.ids.has(term);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Terms whose initials are `chosung` (`ㄱㅅㅇㅈ` → 검색엔진), or start with it when `prefix` (fewest extra syllables first). */
  chosungMatches(chosung: string, options: { prefix: boolean; limit: number }): string[] {
    if (!isChosungOnly(chosung) || options.limit <= 0) return [];
    const matches = options.prefix
      ? this.chosung.withPrefix(chosung, options.limit)
      : this.chosung.exact(chosung);
    return this.rank(matches, options.limit).map((m) => m.term);
  }

  /** Terms within `maxDistance` jamo edits of `term` (the term itself at distance 0 if known): 검샥 → 검색 at 1. */
  typoMatches(term: string, maxDistance: number, limit: number): Array<{ term: string; distance: number }> {
    if (limit <= 0 || maxDistance < 0) return [];
    const jamo = toJamo(term);
    // Matches rank by distance first: when one edit already fills the limit, no two-edit match can
    // make the cut, and the one-edit walk is far cheaper.
    if (maxDistance >= 2) {
      const near = this.rank(this.withinDistance(jamo, 1), limit);
      if (near.length >= limit) return near;
    }
    return this.rank(this.withinDistance(jamo, maxDistance), limit);
  }

  private withinDistance(jamo: string, distance: number): readonly IndexMatch[] {
    const key = `${distance}\u0000${jamo}`;
    let matches = this.walks.get(key);
    if (matches === undefined) this.walks.set(key, (matches = this.jamo.withinDistance(jamo, distance)));
    return matches;
  }

  /**
   * Terms whose jamo start with the jamo of `partial`, for a syllable still being composed:
   * 장바ㄱ and the IME state 장박 are both ㅈㅏㅇㅂㅏㄱ, a prefix of 장바구니 (ㅈㅏㅇㅂㅏㄱㅜㄴㅣ).
   */
  jamoPrefixMatches(partial: string, limit: number): string[] {
    if (partial === '' || limit <= 0) return [];
    return this.rank(this.jamo.withPrefix(toJamo(partial), limit), limit).map((m) => m.term);
  }

  /** The word as if typed in the other input mode, when plausible: rjator → 검색, ㅑㅔㅙㅜㄷ → iphone. */
  keyboardAlternatives(word: string): string[] {
    return [toHangulLayout(word), toLatinLayout(word)].filter((w): w is string => w !== null && w !== word);
  }

  /** Live terms by distance, then document frequency (when known), then insertion order. */
  private rank(matches: readonly IndexMatch[], limit: number): Array<{ term: string; distance: number }> {
    const live = matches.filter((m) => !this.dead.has(m.id));
    const freq = new Map<number, number>();
    if (this.docFreq) for (const m of live) freq.set(m.id, this.docFreq(this.terms.at(m.id)));
    live.sort(
      (a, b) => a.distance - b.distance || (freq.get(b.id) ?? 0) - (freq.get(a.id) ?? 0) || a.id - b.id,
    );
    return live.slice(0, limit).map((m) => ({ term: this.terms.at(m.id), distance: m.distance }));
  }
}

/** The bytes of a Uint32Array (little-endian on every platform Node runs on). */
function u32(array: Uint32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}
