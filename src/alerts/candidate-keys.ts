// Candidate keys: what an alert's query could possibly match, as strings a document's terms can be turned into.
// Each unit of the query (one word as search sees it) keeps its fixed terms and its index-dependent expansions, the
// steps of `buildPlan` (src/query/expand.ts); the keys cover every variant those steps may add, so a document is a
// candidate whenever the search could return it:
//   t:<term>     exact terms, synonyms, keyboard-layout repairs (rjator → 검색), spacing joins, bigrams
//   c:<chosung>  chosung queries: the first ≤3 initials (ㄱㅅㅇㅈ → c:ㄱㅅㅇ; 검색엔진 → c:ㄱㅅ, c:ㄱㅅㅇ)
//   p:<prefix>   the last word as a prefix: the first ≤3 characters of each seed
//   j:<jamo>     a half-typed last syllable: the first ≤4 jamo (장바ㄱ → j:ㅈㅏㅇㅂ)
//   y:<jamo>     typos of a word: its deletion neighbourhoods (edit-distance.ts), looked up apart without the y:
import { chosungOf, isAllSyllables, toJamo } from '../analysis/hangul.ts';
import type { Analyzer, QueryUnit } from '../analysis/types.ts';
import { allowedTypos, BIGRAM_PREFIX, termKey } from '../query/expand.ts';
import { parseQuery } from '../query/parse.ts';
import { TermVariants } from '../query/variants.ts';
import type { MatchingStrategy } from '../search-types.ts';
import type { FullSettings } from '../settings.ts';
import { deletionNeighbourhood } from './edit-distance.ts';

/** What key derivation reads from the index. */
export interface KeyContext {
  analyzer: Analyzer;
  settings: FullSettings;
  /** Documents per term, to register an `all` alert under its rarest word. */
  docFreq(term: string): number;
}

/** A typed word with typo expansion: expand.ts adds typos only while its unit's exact terms are rare. */
export interface TypoWord {
  word: string;
  jamo: string;
  /** Jamo edits allowed (allowedTypos). */
  distance: number;
  /** The unit's exact (non-bigram) terms; typos apply while none is in TYPO_RARE_DOC_FREQ documents. */
  exact: string[];
  /**
   * The word with its unit's exact terms (the same word may sit in units of different rarity): computed once, as
   * it keys the maps every document term of every write is checked against.
   */
  id: string;
}

function typoWord(word: string, distance: number, exact: string[]): TypoWord {
  return { word, jamo: toJamo(word), distance, exact, id: `${word}\u0000${exact.join('\u0001')}` };
}

/** One unit of the query: what satisfies it whatever the index holds, and what the index may add. */
export interface UnitSpec {
  /** Exact terms, synonyms, spacing joins, layout repairs of a Hangul word. */
  terms: string[];
  /** Layout repairs of a Latin word: search uses them only while the word is rare as typed. */
  conditional: string[];
  chosungKey: string | null;
  /** Set when the unit is the last word, matched as a prefix (and as a half-typed syllable when `jamo`). */
  prefix: { seeds: string[]; jamo: string | null } | null;
  typos: TypoWord[];
  /** Its candidate keys, except typo keys. */
  keys: string[];
}

export interface AlertKeys {
  units: UnitSpec[];
  /** Bigram terms: they match on their own unless every unit is required. */
  bigrams: string[];
  /** `all` with at least one unit: every unit must match; otherwise any unit or bigram does. */
  requireAll: boolean;
  /** The query has nothing to match (empty, or only exclusions): every document passing the filter matches. */
  matchAll: boolean;
  /** Phrases or exclusions: positions decide, so the plan always runs. */
  planAlways: boolean;
  /** Keys the alert is registered under: its rarest unit's when every unit is required, else every unit's and bigram's. */
  keys: string[];
  /** Typo words of the units the alert is registered under: a document near one (while rare) is a candidate. */
  typos: TypoWord[];
  /** Typo words of every unit: which documents they reach decides whether the plan must run. */
  allTypos: TypoWord[];
  /** The units' fixed terms: what search highlights when no expansion adds a term. */
  highlight: string[];
  needs: DocumentKeyNeeds;
}

/** Which derived keys documents must produce for the registered alerts (typo keys are decided per chunk). */
export interface DocumentKeyNeeds {
  prefixLengths: Set<number>;
  chosungLengths: Set<number>;
  jamoLengths: Set<number>;
}

/** expand.ts: a word in at least this many documents is taken as typed, without typo variants. */
export const TYPO_RARE_DOC_FREQ = 2;
/** expand.ts (TYPO_LIMIT): a rare word gets the index's best this many terms within its distance. */
export const TYPO_LIMIT = 4;
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
  return { prefixLengths: new Set(), chosungLengths: new Set(), jamoLengths: new Set() };
}

export function mergeNeeds(into: DocumentKeyNeeds, from: DocumentKeyNeeds): void {
  for (const n of from.prefixLengths) into.prefixLengths.add(n);
  for (const n of from.chosungLengths) into.chosungLengths.add(n);
  for (const n of from.jamoLengths) into.jamoLengths.add(n);
}

/** The spec of one unit, following buildPlan's expansion steps in order. */
function unitSpec(unit: QueryUnit, prefix: boolean, ctx: KeyContext, needs: DocumentKeyNeeds): UnitSpec {
  const { settings, analyzer } = ctx;
  const exact = [...new Set(unit.alternatives.map(termKey))];
  const terms = new Set(exact);
  const conditional: string[] = [];
  const analysed = (text: string): string[] =>
    analyzer.analyzeQuery(text).units.flatMap((u) => u.alternatives.map(termKey));
  const folded = new Set([unit.source, ...exact].map((k) => k.normalize('NFC').toLowerCase()));
  for (const [word, list] of Object.entries(settings.synonyms))
    if (folded.has(word.normalize('NFC').toLowerCase()))
      for (const synonym of list) for (const term of analysed(synonym)) terms.add(term);
  let chosung: string | null = null;
  if (settings.korean.chosung && CHOSUNG_ONLY.test(unit.source) && unit.source.length >= 2) {
    chosung = chosungKey(unit.source);
    needs.chosungLengths.add(Math.min(CHOSUNG_KEY, unit.source.length));
  }
  // expand.ts skips layout repairs of a Latin word found as typed in more than two documents.
  if (settings.korean.keyboardLayout)
    for (const alternative of LAYOUT.keyboardAlternatives(unit.source))
      for (const term of analysed(alternative)) {
        if (HANGUL.test(unit.source)) terms.add(term);
        else conditional.push(term);
      }
  const typos: TypoWord[] = [];
  const typo = settings.typoTolerance;
  if (typo.enabled && settings.korean.jamoTypo) {
    const words = exact.filter((term) => !term.startsWith(BIGRAM_PREFIX));
    const disabled = new Set(typo.disableOnWords ?? []);
    for (const word of words) {
      const distance = disabled.has(word) ? 0 : allowedTypos(word, typo.minWordSizeForTypos ?? {});
      if (distance > 0) typos.push(typoWord(word, distance, words));
    }
  }
  const keys = [...terms, ...conditional].map((term) => `t:${term}`);
  if (chosung !== null) keys.push(chosung);
  let prefixSpec: UnitSpec['prefix'] = null;
  if (prefix) {
    const seeds = [unit.source, ...exact].filter((seed) => seed !== '');
    for (const seed of seeds) {
      const length = Math.min(PREFIX_KEY, seed.length);
      keys.push(`p:${seed.slice(0, length)}`);
      needs.prefixLengths.add(length);
    }
    let jamo: string | null = null;
    if (settings.korean.partialSyllable && HANGUL.test(unit.source)) {
      jamo = toJamo(unit.source);
      const length = Math.min(JAMO_KEY, jamo.length);
      keys.push(`j:${jamo.slice(0, length)}`);
      needs.jamoLengths.add(length);
    }
    prefixSpec = { seeds, jamo };
  }
  return { terms: [...terms], conditional, chosungKey: chosung, prefix: prefixSpec, typos, keys };
}

/**
 * How many documents a unit's keys may reach, roughly: an `all` alert is registered under its cheapest unit. A unit
 * whose word is rare gets typo expansion, whose keys every near term of every document must be checked against,
 * so a word found in a few documents is cheaper than a word found in none.
 */
function unitCost(unit: UnitSpec, ctx: KeyContext): number {
  const rare = unit.typos.some((typo) => typo.exact.every((term) => ctx.docFreq(term) < TYPO_RARE_DOC_FREQ));
  let cost = (rare ? 500 : 0) + (unit.chosungKey === null ? 0 : 1000) + (unit.prefix === null ? 0 : 5000);
  for (const term of [...unit.terms, ...unit.conditional]) cost += ctx.docFreq(term) + 1 / (1 + term.length);
  return cost;
}

/**
 * The candidate keys of a saved search `q`.
 * @example alertKeys('학교에 ', 'all', ctx).keys // → ['t:학교'] (no prefix keys: the query ends with a space)
 */
export function alertKeys(q: string, matchingStrategy: MatchingStrategy, ctx: KeyContext): AlertKeys {
  const parsed = parseQuery(q);
  const analysis = ctx.analyzer.analyzeQuery(parsed.text);
  const needs = emptyNeeds();
  const units = analysis.units.map((unit) => unitSpec(unit, unit.isLast && parsed.prefixLast, ctx, needs));
  if (ctx.settings.korean.spacing)
    for (let i = 0; i + 1 < analysis.units.length; i++) {
      const joined = (analysis.units[i]!.source + analysis.units[i + 1]!.source)
        .normalize('NFC')
        .toLowerCase();
      for (const unit of [units[i]!, units[i + 1]!]) {
        unit.terms.push(joined);
        unit.keys.push(`t:${joined}`);
      }
    }
  const bigrams = analysis.bigrams.map(termKey);
  for (const text of parsed.phrases) {
    const phrase = ctx.analyzer.analyzeQuery(text);
    for (const unit of phrase.units) {
      const terms = [...new Set(unit.alternatives.map(termKey))];
      units.push({
        terms,
        conditional: [],
        chosungKey: null,
        prefix: null,
        typos: [],
        keys: terms.map((term) => `t:${term}`),
      });
    }
    bigrams.push(...phrase.bigrams.map(termKey));
  }
  const requireAll = matchingStrategy === 'all' && units.length > 0;
  // Every unit required: the rarest unit's keys find every candidate. Otherwise any unit or bigram may match.
  const registered = requireAll
    ? [units.reduce((a, b) => (unitCost(b, ctx) < unitCost(a, ctx) ? b : a))]
    : units;
  return {
    units,
    bigrams,
    requireAll,
    matchAll: units.length === 0 && bigrams.length === 0 && parsed.phrases.length === 0,
    planAlways: parsed.phrases.length > 0 || parsed.excluded.length > 0,
    keys: [
      ...new Set([
        ...registered.flatMap((unit) => unit.keys),
        ...(requireAll ? [] : bigrams.map((term) => `t:${term}`)),
      ]),
    ],
    typos: registered.flatMap((unit) => unit.typos),
    allTypos: units.flatMap((unit) => unit.typos),
    highlight: [...new Set(units.flatMap((unit) => unit.terms))],
    needs,
  };
}

/**
 * Emits the keys of one document term for the derived kinds the registered alerts need. `typoDepth(n)` is how many
 * deletions a term of n jamo needs (0: no typo keys; only rare typed words of nearby lengths need any), and `jamoOf`
 * caches toJamo. Typo keys go to `emitNeighbour` without their `y:` (they are looked up apart, tens per term).
 */
export function emitTermKeys(
  term: string,
  needs: DocumentKeyNeeds,
  typoDepth: (jamoLength: number) => number,
  jamoOf: (term: string) => string,
  emit: (key: string) => void,
  emitNeighbour: (deleted: string) => void,
): void {
  emit(`t:${term}`);
  if (term.startsWith(BIGRAM_PREFIX)) return;
  for (const length of needs.prefixLengths) if (term.length >= length) emit(`p:${term.slice(0, length)}`);
  if (needs.chosungLengths.size > 0 && isAllSyllables(term)) {
    const chosung = chosungOf(term);
    for (const length of needs.chosungLengths)
      if (chosung.length >= length) emit(`c:${chosung.slice(0, length)}`);
  }
  const jamo = jamoOf(term);
  for (const length of needs.jamoLengths) if (jamo.length >= length) emit(`j:${jamo.slice(0, length)}`);
  const depth = typoDepth(jamo.length);
  if (depth > 0) for (const s of deletionNeighbourhood(jamo, depth)) emitNeighbour(s);
}
