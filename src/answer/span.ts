// Answer-span features: what makes a candidate phrase of an evidence sentence the answer (type fit, closeness to the
// question's terms, particles, overlap with the question, agreement across sentences), and the linear score over them.
import { alignment, type QuestionFrame } from './align.ts';
import { typeFit } from './answer-type.ts';
import type { Candidate } from './candidates.ts';
import type { QuestionAnalysis, QuestionType } from './question.ts';
import type { Eojeol } from './tagger.ts';
import { foldTerm, type QueryTerm } from './terms.ts';

/** Feature names, in the order of the vector `spanFeatures` returns and `SPAN_WEIGHTS` weighs. */
export const SPAN_FEATURES = [
  'fit:person',
  'fit:date',
  'fit:place',
  'fit:quantity',
  'fit:entity',
  'fit:clause',
  'proximity',
  'adjacent',
  'whParticle',
  'overlap',
  'eojeols',
  'chars',
  'predicate',
  'oneSyllable',
  'endsWithHead',
  'besideHead',
  'evidence',
  'topSentence',
  'agreement',
  'inParentheses',
  'quoted',
  'role:subject',
  'role:object',
  'role:topic',
  'role:place',
  'role:means',
  'role:of',
  'role:with',
  'copula',
  'sentenceStart',
  'proper',
  'number',
  'alignBefore',
  'alignAfter',
  'sameSide:wh',
  'sameSide:head',
  'numberInName',
  'coverage',
  'topPassage',
  'generic',
  'isHead',
  'wrongType',
] as const;

/** Question types that get their own span weights; reason and manner questions are too few and go with entity. */
export const SPAN_GROUPS = ['person', 'date', 'place', 'quantity', 'entity'] as const;
export type SpanGroup = (typeof SPAN_GROUPS)[number];

export function spanGroup(type: QuestionType): SpanGroup {
  return type === 'reason' || type === 'manner' ? 'entity' : type;
}

/** Where a candidate stands: its sentence, the question terms found there, and how the sentence ranked. */
export interface SpanContext {
  question: QuestionAnalysis;
  /** The question, folded (NFC, lowercase). */
  folded: string;
  eojeols: readonly Eojeol[];
  /** Question-term weight found in each eojeol (`eojeolMatches`). */
  matches: readonly number[];
  /** The sentence's evidence score relative to the best sentence's, 0..1. */
  evidence: number;
  /** 0 for the best evidence sentence. */
  sentenceRank: number;
  /** The sentence's share of the question's terms, 0..1. */
  coverage: number;
  /** 0 for the engine's best hit. */
  passageRank: number;
  frame: QuestionFrame;
}

const ROLES: ReadonlyArray<[string, RegExp]> = [
  ['subject', /^(?:이|가|께서|이가)$/u],
  ['object', /^(?:을|를)$/u],
  ['topic', /^(?:은|는|에서는|에는|도)$/u],
  ['place', /^(?:에서|에|에서의|에게서|에게)$/u],
  ['means', /^(?:으로|로|으로서|로서|으로써|로써|으로는|로는)$/u],
  ['of', /^의$/u],
  ['with', /^(?:와|과|와의|과의|하고|및)$/u],
];
// Abstract nouns that fill sentences but rarely answer questions (common Korean function-like nouns).
const GENERIC =
  /^(?:것|수|등|때|경우|이후|이전|현재|당시|하나|중|방법|기초|계기|이유|문제|부분|관련|정도|사용|결과|이상|이하|내용|과정|자신|모두|대부분|최초|처음|다음|여러|기본|원리|체계|방식|사실|이름|명칭|의미|가운데|사이|이외|외|전|후|동안|도중|뒤|앞|위|아래|안|밖|곳|데|점|측|쪽|간|말|초|중반|후반|전반|일부|전체|각각|서로|자체|대상|역할|영향|시작|계속|이번|지난|최근|주로|특히|또한|오늘날|당대|시기|시대|이래|가지|개|명|번|차례|모습|상황|상태|형태|종류|경향|가능|필요|중요|다양|여부|관계|목적|기능|활동|사건|작품)$/u;

const ROLE_NAMES = ['subject', 'object', 'topic', 'place', 'means', 'of', 'with'];
const TYPE_SLOT: Record<QuestionType, number> = {
  person: 0,
  date: 1,
  place: 2,
  quantity: 3,
  entity: 4,
  reason: 5,
  manner: 5,
};

/** The grammatical role a particle marks: `가` → subject, `를` → object, `에서` → place; null for none. */
export function roleOf(particle: string): string | null {
  if (particle === '') return null;
  return ROLES.find(([, pattern]) => pattern.test(particle))?.[0] ?? null;
}

/** Question-term weight found in each eojeol of a sentence (a term counts once, where it first occurs). */
export function eojeolMatches(
  eojeols: readonly Eojeol[],
  terms: readonly QueryTerm[],
  weights: readonly number[],
): number[] {
  const folded = eojeols.map((e) => foldTerm(e.text));
  const out = eojeols.map(() => 0);
  terms.forEach((term, i) => {
    const at = folded.findIndex((text) => text.includes(term.text));
    if (at !== -1) out[at]! += weights[i]!;
  });
  return out;
}

function overlapWithQuestion(c: Candidate, question: string, head: string | null): number {
  const content = c.morphs.filter((m) => !/^(?:S[SCFOY]|SP)$/u.test(m.pos));
  const total = content.reduce((sum, m) => sum + m.surface.length, 0);
  if (total === 0) return 1;
  const seen = content.filter(
    (m) =>
      m.surface !== head &&
      (m.surface.length > 1 || m.pos === 'NNP' || m.pos === 'SN') &&
      question.includes(foldTerm(m.surface)),
  );
  return seen.reduce((sum, m) => sum + m.surface.length, 0) / total;
}

/** Share of the question's matched weight close to the phrase (decaying over `reach` eojeols), and right beside it. */
function closeness(c: Candidate, matches: readonly number[], reach = 3): [number, number] {
  let near = 0;
  let beside = 0;
  let all = 0;
  matches.forEach((weight, e) => {
    if (weight === 0) return;
    all += weight;
    if (e >= c.first && e <= c.last) return;
    const distance = e < c.first ? c.first - e : e - c.last;
    near += weight * Math.exp(-(distance - 1) / reach);
    if (distance === 1) beside += weight;
  });
  return all > 0 ? [near / all, beside / all] : [0, 0];
}

function besideHead(c: Candidate, eojeols: readonly Eojeol[], head: string | null): number {
  if (head === null) return 0;
  const before = eojeols[c.first - 1];
  const after = eojeols[c.last + 1];
  return (before !== undefined && before.text.includes(head)) ||
    (after !== undefined && after.text.includes(head))
    ? 1
    : 0;
}

/**
 * The feature vector of one candidate (without agreement, which needs every sentence's candidates).
 * @example spanFeatures(candidate '1989년 2월 15일', context of '임종석이 지명수배된 날은?') // → fit:date 1, adjacent 0.4, …
 */
export function spanFeatures(c: Candidate, context: SpanContext): number[] {
  const q = context.question;
  const f = new Array<number>(SPAN_FEATURES.length).fill(0);
  f[TYPE_SLOT[q.type]] = typeFit(c, q);
  const [near, beside] = closeness(c, context.matches);
  f[6] = near;
  f[7] = beside;
  const wanted = roleOf(q.particle);
  const role = roleOf(c.particle);
  f[8] = wanted !== null && role === wanted ? 1 : 0;
  f[9] = overlapWithQuestion(c, context.folded, q.head);
  f[10] = c.last - c.first;
  f[11] = Math.log1p(c.text.length);
  f[12] = c.predicate ? 1 : 0;
  f[13] = c.text.length === 1 ? 1 : 0;
  f[14] = q.head !== null && c.text.endsWith(q.head) && c.text !== q.head ? 1 : 0;
  f[15] = besideHead(c, context.eojeols, q.head);
  f[16] = context.evidence;
  f[17] = context.sentenceRank === 0 ? 1 : 0;
  // f[18] agreement: set by the caller
  f[19] = c.start > 0 && /[(（]/u.test(textBefore(c, context.eojeols)) ? 1 : 0;
  f[20] = c.kind === 'quote' ? 1 : 0;
  if (role !== null) f[21 + ROLE_NAMES.indexOf(role)] = 1;
  const next = context.eojeols[c.last]?.morphs.find((m) => m.start >= c.end);
  f[28] =
    next !== undefined && (next.pos === 'VCP' || next.surface.startsWith('이다') || next.surface === '다')
      ? 1
      : 0;
  f[29] = c.first === 0 ? 1 : 0;
  const content = c.morphs.filter((m) => !/^(?:S[SCFOY]|SP)$/u.test(m.pos));
  f[30] =
    content.length > 0 ? content.filter((m) => m.pos === 'NNP' || m.pos === 'SL').length / content.length : 0;
  const number = c.morphs.some((m) => m.pos === 'SN');
  // a number is the answer to 언제/몇 but a stray date before a name: 1997년 박진영
  f[q.type === 'date' || q.type === 'quantity' ? 31 : 36] = number ? 1 : 0;
  const [before, after, sameSide] = alignment(c, context.eojeols, context.frame);
  f[32] = before;
  f[33] = after;
  // a wh-word inside the question has words on both sides; a head noun at its end has them all before
  const middle = [...context.frame.side.values()].some((side) => side === 1);
  f[middle ? 34 : 35] = sameSide;
  f[37] = context.coverage;
  f[38] = context.passageRank === 0 ? 1 : 0;
  f[39] =
    content.length > 0 && content.every((m) => GENERIC.test(m.surface) || m.pos === 'NNB' || m.pos === 'MM')
      ? 1
      : 0;
  f[40] = q.head !== null && c.text === q.head ? 1 : 0;
  // a phrase that cannot be the kind of answer asked for: no number for 몇/언제, no name for 누구/어디
  f[41] = q.type !== 'entity' && q.type !== 'manner' && f[TYPE_SLOT[q.type]] === 0 ? 1 : 0;
  return f;
}

function textBefore(c: Candidate, eojeols: readonly Eojeol[]): string {
  const e = eojeols[c.first];
  if (e === undefined) return '';
  return e.start < c.start ? e.text.slice(0, c.start - e.start) : '';
}

/** The index of the agreement feature, filled in once all sentences' candidates are known. */
export const AGREEMENT = SPAN_FEATURES.indexOf('agreement');

/** The linear score of a feature vector. */
export function spanScore(features: readonly number[], weights: readonly number[]): number {
  let score = 0;
  for (let i = 0; i < features.length; i++) score += features[i]! * (weights[i] ?? 0);
  return score;
}
