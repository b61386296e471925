// Query expansion: turns the analysed query into a QueryPlan whose units carry every variant the
// Korean query features allow — synonyms, chosung (ㄱㅅㅇㅈ → 검색엔진), keyboard-layout repair
// (rjator → 검색), jamo typos (검샥 → 검색), prefixes and half-typed syllables (장바ㄱ → 장바구니),
// and spacing (장바 구니 → 장바구니). Each variant kind has a weight below 1, so the term as typed wins.
import type { Analyzer, Token } from '../analysis/types.ts';
import type { FullSettings } from '../settings.ts';
import type { ParsedQuery } from './parse.ts';
import type { PhrasePlan, PlanUnit, QueryPlan, TermVariant, VariantOrigin } from './plan.ts';
import type { MatchingStrategy } from '../search-types.ts';

/** Term keys: bigrams live in their own namespace so that the bigram 검색 never meets the morpheme 검색. */
export const BIGRAM_PREFIX = '\u0001';

export function termKey(token: Pick<Token, 'term' | 'kind'>): string {
  return token.kind === 'bigram' ? BIGRAM_PREFIX + token.term : token.term;
}

/** What expansion needs from the term dictionary (implemented by TermVariants and the index). */
export interface VariantSource {
  chosungMatches(chosung: string, options: { prefix: boolean; limit: number }): string[];
  typoMatches(term: string, maxDistance: number, limit: number): Array<{ term: string; distance: number }>;
  jamoPrefixMatches(partial: string, limit: number): string[];
  keyboardAlternatives(word: string): string[];
}

export interface ExpandContext {
  analyzer: Analyzer;
  settings: FullSettings;
  docFreq(term: string): number;
  termsWithPrefix(prefix: string, limit: number): string[];
  variants(): VariantSource;
  matchingStrategy: MatchingStrategy;
}

/** Weight of each variant kind: the term as typed scores 1. */
export const VARIANT_WEIGHTS: Record<VariantOrigin, number> = {
  exact: 1,
  spacing: 0.9,
  synonym: 0.9,
  chosung: 0.9,
  layout: 0.85,
  partial: 0.7,
  prefix: 0.7,
  typo: 0.5,
};

const PREFIX_LIMIT = 12;
const TYPO_LIMIT = 4;
/** A word in at least this many documents is taken as typed, without typo variants. */
const TYPO_RARE_DOC_FREQ = 2;
const CHOSUNG_ONLY = /^[ㄱ-ㅎ]+$/u;
const HANGUL = /[가-힣ㄱ-ㅎㅏ-ㅣ]/u;

export function buildPlan(parsed: ParsedQuery, ctx: ExpandContext): QueryPlan {
  const analysis = ctx.analyzer.analyzeQuery(parsed.text);
  const units: PlanUnit[] = analysis.units.map((unit) => ({
    source: unit.source,
    position: unit.position,
    variants: dedupe(unit.alternatives.map((t) => variant(termKey(t), 'exact'))),
  }));
  units.forEach((unit, i) => {
    const typed = analysis.units[i]!;
    addSynonyms(unit, ctx);
    addChosung(unit, typed.isLast && parsed.prefixLast, ctx);
    addKeyboardLayout(unit, ctx);
    addTypos(unit, ctx);
    if (typed.isLast && parsed.prefixLast) addPrefixes(unit, ctx);
    unit.variants = dedupe(unit.variants);
  });
  if (ctx.settings.korean.spacing) addSpacing(units, ctx);

  const bigrams = dedupe(analysis.bigrams.map((t) => variant(termKey(t), 'exact')));
  const phrases: PhrasePlan[] = [];
  for (const text of parsed.phrases) {
    const phrase = ctx.analyzer.analyzeQuery(text);
    phrases.push(toPhrase(phrase.units));
    for (const unit of phrase.units)
      units.push({ source: unit.source, position: unit.position + 1000 * phrases.length, variants: dedupe(unit.alternatives.map((t) => variant(termKey(t), 'exact'))) });
    bigrams.push(...phrase.bigrams.map((t) => variant(termKey(t), 'exact')));
  }
  const excluded = parsed.excluded.map((text) => toPhrase(ctx.analyzer.analyzeQuery(text).units)).filter((p) => p.length > 0);
  return { units, bigrams: dedupe(bigrams), phrases, excluded, requireAll: ctx.matchingStrategy === 'all' };
}

function variant(term: string, origin: VariantOrigin): TermVariant {
  return { term, weight: VARIANT_WEIGHTS[origin], origin };
}

/** Keeps the highest weight per term. */
function dedupe(variants: TermVariant[]): TermVariant[] {
  const best = new Map<string, TermVariant>();
  for (const v of variants) if ((best.get(v.term)?.weight ?? -1) < v.weight) best.set(v.term, v);
  return [...best.values()];
}

function toPhrase(units: ReadonlyArray<{ position: number; alternatives: Token[] }>): PhrasePlan {
  if (units.length === 0) return [];
  const first = units[0]!.position;
  const slots: string[][] = [];
  for (const unit of units) {
    const slot = (slots[unit.position - first] ??= []);
    slot.push(...unit.alternatives.map(termKey));
  }
  return Array.from(slots, (slot) => slot ?? []);
}

function existing(terms: Iterable<string>, ctx: ExpandContext): string[] {
  return [...terms].filter((t) => ctx.docFreq(t) > 0);
}

function addSynonyms(unit: PlanUnit, ctx: ExpandContext): void {
  const synonyms = ctx.settings.synonyms;
  if (Object.keys(synonyms).length === 0) return;
  const keys = new Set([unit.source, ...unit.variants.map((v) => v.term)].map((k) => k.normalize('NFC').toLowerCase()));
  for (const [word, list] of Object.entries(synonyms)) {
    if (!keys.has(word.normalize('NFC').toLowerCase())) continue;
    for (const synonym of list)
      for (const synUnit of ctx.analyzer.analyzeQuery(synonym).units)
        for (const t of synUnit.alternatives) unit.variants.push(variant(termKey(t), 'synonym'));
  }
}

function addChosung(unit: PlanUnit, prefix: boolean, ctx: ExpandContext): void {
  if (!ctx.settings.korean.chosung || !CHOSUNG_ONLY.test(unit.source) || unit.source.length < 2) return;
  for (const term of ctx.variants().chosungMatches(unit.source, { prefix, limit: 20 }))
    unit.variants.push(variant(term, 'chosung'));
}

function addKeyboardLayout(unit: PlanUnit, ctx: ExpandContext): void {
  if (!ctx.settings.korean.keyboardLayout) return;
  // a Latin word found in several documents as typed is most likely meant in Latin
  if (!HANGUL.test(unit.source) && unit.variants.some((v) => v.origin === 'exact' && ctx.docFreq(v.term) > 2)) return;
  for (const alternative of ctx.variants().keyboardAlternatives(unit.source)) {
    const analysed = ctx.analyzer.analyzeQuery(alternative).units.flatMap((u) => u.alternatives.map(termKey));
    for (const term of existing(analysed, ctx)) unit.variants.push(variant(term, 'layout'));
  }
}

function addTypos(unit: PlanUnit, ctx: ExpandContext): void {
  const typo = ctx.settings.typoTolerance;
  if (!typo.enabled || !ctx.settings.korean.jamoTypo) return;
  const disabled = new Set(typo.disableOnWords ?? []);
  const exact = unit.variants.filter((v) => v.origin === 'exact' && !v.term.startsWith(BIGRAM_PREFIX));
  // Typo variants only for words the index (nearly) lacks: 검샥 → 검색. For a word that exists as
  // typed, its neighbours at one jamo (검사 for 검색) are different words and only add noise;
  // measured on T1, expanding them anyway changed no R@1 and cost 4× the latency.
  if (exact.some((v) => ctx.docFreq(v.term) >= TYPO_RARE_DOC_FREQ)) return;
  for (const v of exact) {
    if (disabled.has(v.term)) continue;
    const maxDistance = allowedTypos(v.term, typo.minWordSizeForTypos ?? {});
    if (maxDistance === 0) continue;
    for (const match of ctx.variants().typoMatches(v.term, maxDistance, TYPO_LIMIT))
      if (match.distance > 0) unit.variants.push({ term: match.term, weight: VARIANT_WEIGHTS.typo / match.distance, origin: 'typo' });
  }
}

/** Hangul: one jamo edit from two syllables, two from five. Latin: Meilisearch's minWordSizeForTypos. */
export function allowedTypos(term: string, sizes: { oneTypo?: number; twoTypos?: number }): number {
  const length = [...term].length;
  if (/[가-힣]/u.test(term)) return length >= 5 ? 2 : length >= 2 ? 1 : 0;
  if (/^\d+$/.test(term)) return 0;
  return length >= (sizes.twoTypos ?? 9) ? 2 : length >= (sizes.oneTypo ?? 5) ? 1 : 0;
}

function addPrefixes(unit: PlanUnit, ctx: ExpandContext): void {
  const seeds = unit.variants.filter((v) => v.origin === 'exact').map((v) => v.term);
  const found = new Set<string>();
  for (const seed of [unit.source, ...seeds]) for (const t of ctx.termsWithPrefix(seed, 200)) found.add(t);
  if (ctx.settings.korean.partialSyllable && HANGUL.test(unit.source))
    for (const t of ctx.variants().jamoPrefixMatches(unit.source, PREFIX_LIMIT)) found.add(t);
  const ranked = [...found].filter((t) => !t.startsWith(BIGRAM_PREFIX)).sort((a, b) => ctx.docFreq(b) - ctx.docFreq(a));
  for (const term of ranked.slice(0, PREFIX_LIMIT)) unit.variants.push(variant(term, 'prefix'));
}

/** `장바 구니` → also `장바구니` for both units, when that term exists. */
function addSpacing(units: PlanUnit[], ctx: ExpandContext): void {
  for (let i = 0; i + 1 < units.length; i++) {
    const joined = (units[i]!.source + units[i + 1]!.source).normalize('NFC').toLowerCase();
    // Only a term spelled exactly `joined` qualifies, so the index is asked first: most joins are not
    // terms, and analysing each pair cost a lindera call per adjacent pair of every query.
    if (ctx.docFreq(joined) === 0) continue;
    const terms = existing(ctx.analyzer.analyzeQuery(joined).units.flatMap((u) => u.alternatives.filter((t) => t.kind !== 'bigram' && t.term === joined).map(termKey)), ctx);
    for (const term of terms) {
      units[i]!.variants.push(variant(term, 'spacing'));
      units[i + 1]!.variants.push(variant(term, 'spacing'));
    }
  }
}
