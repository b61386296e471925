// Candidate keys: what an alert's query could possibly match, as strings a document's terms can be turned into.
// A document is checked against an alert only when one of its keys is one of the alert's keys, so the keys of
// every variant query expansion may add (src/query/expand.ts) must be covered — they are a superset, and the
// percolator then runs the real plan. Each kind mirrors one step of `buildPlan`:
//   t:<term>     exact terms and bigrams, synonyms, keyboard-layout repairs (rjator → 검색), spacing joins
//   c:<chosung>  chosung queries: the first ≤3 initials (ㄱㅅㅇㅈ → c:ㄱㅅㅇ; 검색엔진 → c:ㄱㅅ, c:ㄱㅅㅇ)
//   p:<prefix>   the last word as a prefix: the first ≤3 characters of each seed
//   j:<jamo>     a half-typed last syllable: the first ≤4 jamo (장바ㄱ → j:ㅈㅏㅇㅂ)
//   y:<jamo>     typos: deletion neighbourhoods of the jamo string (SymSpell: two strings within k edits, swaps
//                included, share a string reachable by ≤k deletions from each)
import { isAllSyllables, chosungOf, toJamo } from '../analysis/hangul.ts';
import type { Analyzer, QueryUnit } from '../analysis/types.ts';
import { allowedTypos, BIGRAM_PREFIX, termKey } from '../query/expand.ts';
import { parseQuery } from '../query/parse.ts';
import { TermVariants } from '../query/variants.ts';
import type { MatchingStrategy } from '../search-types.ts';
import type { FullSettings } from '../settings.ts';

/** What key derivation reads from the index. */
export interface KeyContext {
  analyzer: Analyzer;
  settings: FullSettings;
}

/** A typo key is only live while the unit's typed terms are rare: expand.ts adds typos only then. */
export interface TypoKey {
  key: string;
  /** The unit it serves, as a bit (see AlertKeys.required). */
  bit: number;
  /** The typed word whose deletion neighbourhood the key is in. */
  word: string;
  /** The unit's exact (non-bigram) terms; typos apply while none is in TYPO_RARE_DOC_FREQ documents. */
  exact: string[];
}

export interface AlertKeys {
  /** Key → the units (bits) a document term with that key may satisfy. */
  keys: Map<string, number>;
  typoKeys: TypoKey[];
  /**
   * Units that must all be hit for the document to be a candidate (`all`: unit i is bit min(i, 30)), or 0 when
   * any hit makes one (the other strategies, where any unit or bigram matches).
   */
  required: number;
  /** The query has nothing to match (empty, or only exclusions): every document passing the filter matches. */
  matchAll: boolean;
  needs: DocumentKeyNeeds;
}

/** Which derived keys documents must produce for the registered alerts. */
export interface DocumentKeyNeeds {
  prefixLengths: Set<number>;
  chosungLengths: Set<number>;
  jamoLengths: Set<number>;
  /** Per typo distance, the range of jamo lengths of the typed terms. */
  typo: Map<number, { min: number; max: number }>;
}

/** expand.ts: a word in at least this many documents is taken as typed, without typo variants. */
export const TYPO_RARE_DOC_FREQ = 2;
const PREFIX_KEY = 3;
const CHOSUNG_KEY = 3;
const JAMO_KEY = 4;
const CHOSUNG_ONLY = /^[ㄱ-ㅎ]+$/u;
const HANGUL = /[가-힣ㄱ-ㅎㅏ-ㅣ]/u;
/** keyboardAlternatives reads no index state; one empty instance serves every alert. */
const LAYOUT = new TermVariants();

/** The key of a chosung query: its first initials (ㄱㅅㅇㅈ → c:ㄱㅅㅇ). */
export function chosungKey(chosung: string): string {
  return `c:${chosung.slice(0, CHOSUNG_KEY)}`;
}

export function emptyNeeds(): DocumentKeyNeeds {
  return { prefixLengths: new Set(), chosungLengths: new Set(), jamoLengths: new Set(), typo: new Map() };
}

export function mergeNeeds(into: DocumentKeyNeeds, from: DocumentKeyNeeds): void {
  for (const n of from.prefixLengths) into.prefixLengths.add(n);
  for (const n of from.chosungLengths) into.chosungLengths.add(n);
  for (const n of from.jamoLengths) into.jamoLengths.add(n);
  for (const [distance, range] of from.typo) widenTypo(into, distance, range.min, range.max);
}

function widenTypo(needs: DocumentKeyNeeds, distance: number, min: number, max: number): void {
  const range = needs.typo.get(distance);
  if (range === undefined) needs.typo.set(distance, { min, max });
  else {
    range.min = Math.min(range.min, min);
    range.max = Math.max(range.max, max);
  }
}

/** Every string reachable from `s` by at most `depth` deletions, `s` included. */
export function deletionNeighbourhood(s: string, depth: number, out = new Set<string>()): Set<string> {
  out.add(s);
  if (depth > 0)
    for (let i = 0; i < s.length; i++) deletionNeighbourhood(s.slice(0, i) + s.slice(i + 1), depth - 1, out);
  return out;
}

interface UnitKeys {
  keys: Set<string>;
  typoKeys: Array<Omit<TypoKey, 'bit'>>;
}

/** The keys of one unit, following buildPlan's expansion steps in order. */
function unitKeys(unit: QueryUnit, prefix: boolean, ctx: KeyContext, needs: DocumentKeyNeeds): UnitKeys {
  const { settings, analyzer } = ctx;
  const exact = [...new Set(unit.alternatives.map(termKey))];
  const keys = new Set(exact.map((term) => `t:${term}`));
  const addAnalysed = (text: string): void => {
    for (const u of analyzer.analyzeQuery(text).units)
      for (const t of u.alternatives) keys.add(`t:${termKey(t)}`);
  };
  const folded = new Set([unit.source, ...exact].map((k) => k.normalize('NFC').toLowerCase()));
  for (const [word, list] of Object.entries(settings.synonyms))
    if (folded.has(word.normalize('NFC').toLowerCase())) for (const synonym of list) addAnalysed(synonym);
  if (settings.korean.chosung && CHOSUNG_ONLY.test(unit.source) && unit.source.length >= 2) {
    keys.add(chosungKey(unit.source));
    needs.chosungLengths.add(Math.min(CHOSUNG_KEY, unit.source.length));
  }
  if (settings.korean.keyboardLayout)
    for (const alternative of LAYOUT.keyboardAlternatives(unit.source)) addAnalysed(alternative);
  const typoKeys: UnitKeys['typoKeys'] = [];
  const typo = settings.typoTolerance;
  if (typo.enabled && settings.korean.jamoTypo) {
    const words = exact.filter((term) => !term.startsWith(BIGRAM_PREFIX));
    const disabled = new Set(typo.disableOnWords ?? []);
    for (const term of words) {
      const distance = disabled.has(term) ? 0 : allowedTypos(term, typo.minWordSizeForTypos ?? {});
      if (distance === 0) continue;
      const jamo = toJamo(term);
      widenTypo(needs, distance, jamo.length, jamo.length);
      for (const s of deletionNeighbourhood(jamo, distance))
        typoKeys.push({ key: `y:${s}`, word: term, exact: words });
    }
  }
  if (prefix) {
    for (const seed of [unit.source, ...exact]) {
      const length = Math.min(PREFIX_KEY, seed.length);
      if (length === 0) continue;
      keys.add(`p:${seed.slice(0, length)}`);
      needs.prefixLengths.add(length);
    }
    if (settings.korean.partialSyllable && HANGUL.test(unit.source)) {
      const jamo = toJamo(unit.source);
      const length = Math.min(JAMO_KEY, jamo.length);
      keys.add(`j:${jamo.slice(0, length)}`);
      needs.jamoLengths.add(length);
    }
  }
  return { keys, typoKeys };
}

/**
 * The candidate keys of a saved search `q`.
 * @example alertKeys('학교에 ', 'all', ctx).keys // → ['t:학교', …] (no prefix keys: the query ends with a space)
 */
export function alertKeys(q: string, matchingStrategy: MatchingStrategy, ctx: KeyContext): AlertKeys {
  const parsed = parseQuery(q);
  const analysis = ctx.analyzer.analyzeQuery(parsed.text);
  const needs = emptyNeeds();
  const units = analysis.units.map((unit) => unitKeys(unit, unit.isLast && parsed.prefixLast, ctx, needs));
  if (ctx.settings.korean.spacing)
    for (let i = 0; i + 1 < analysis.units.length; i++) {
      const joined = (analysis.units[i]!.source + analysis.units[i + 1]!.source)
        .normalize('NFC')
        .toLowerCase();
      units[i]!.keys.add(`t:${joined}`);
      units[i + 1]!.keys.add(`t:${joined}`);
    }
  const bigrams = analysis.bigrams.map((t) => `t:${termKey(t)}`);
  for (const text of parsed.phrases) {
    const phrase = ctx.analyzer.analyzeQuery(text);
    for (const unit of phrase.units)
      units.push({ keys: new Set(unit.alternatives.map((t) => `t:${termKey(t)}`)), typoKeys: [] });
    bigrams.push(...phrase.bigrams.map((t) => `t:${termKey(t)}`));
  }
  if (units.length === 0 && bigrams.length === 0)
    return { keys: new Map(), typoKeys: [], required: 0, matchAll: parsed.phrases.length === 0, needs };
  // `all` needs every unit, so a document is a candidate only when each unit has a key in it; otherwise any
  // unit or bigram makes a match (bigrams never satisfy a unit: with `all` they only score).
  const all = matchingStrategy === 'all' && units.length > 0;
  const bitOf = (i: number): number => (all ? 1 << Math.min(i, 30) : 1);
  const keys = new Map<string, number>();
  const typoKeys: TypoKey[] = [];
  units.forEach((unit, i) => {
    for (const key of unit.keys) keys.set(key, (keys.get(key) ?? 0) | bitOf(i));
    for (const typo of unit.typoKeys) typoKeys.push({ ...typo, bit: bitOf(i) });
  });
  if (!all) for (const key of bigrams) keys.set(key, 1);
  const required = all ? units.reduce((mask, _, i) => mask | bitOf(i), 0) : 0;
  return { keys, typoKeys, required, matchAll: false, needs };
}

/**
 * Emits the keys of one document term for the derived kinds the registered alerts need.
 * `jamoOf` caches toJamo, which dominates this on large chunks.
 */
export function emitTermKeys(
  term: string,
  needs: DocumentKeyNeeds,
  jamoOf: (term: string) => string,
  emit: (key: string) => void,
): void {
  emit(`t:${term}`);
  if (term.startsWith(BIGRAM_PREFIX)) return;
  for (const length of needs.prefixLengths) if (term.length >= length) emit(`p:${term.slice(0, length)}`);
  if (needs.chosungLengths.size > 0 && isAllSyllables(term)) {
    const chosung = chosungOf(term);
    for (const length of needs.chosungLengths)
      if (chosung.length >= length) emit(`c:${chosung.slice(0, length)}`);
  }
  if (needs.jamoLengths.size === 0 && needs.typo.size === 0) return;
  const jamo = jamoOf(term);
  for (const length of needs.jamoLengths) if (jamo.length >= length) emit(`j:${jamo.slice(0, length)}`);
  let depth = 0;
  for (const [distance, range] of needs.typo)
    if (jamo.length >= range.min - distance && jamo.length <= range.max + distance)
      depth = Math.max(depth, distance);
  if (depth > 0) for (const s of deletionNeighbourhood(jamo, depth)) emit(`y:${s}`);
}
