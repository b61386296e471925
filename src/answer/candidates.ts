// Answer candidates in a tagged sentence: noun phrases (runs of nominal eojeols and their sub-runs) and quoted titles.
import type { Eojeol, TaggedMorph } from './tagger.ts';

export interface Candidate {
  /** UTF-16 offsets into the tagged text. */
  start: number;
  end: number;
  text: string;
  /** Eojeols covered, `first..last` inclusive. */
  first: number;
  last: number;
  /** The content morphemes of the phrase. */
  morphs: TaggedMorph[];
  /** The particle right after the phrase (`을`, `에서`, `의` …), or '' (none, or a verb ending follows). */
  particle: string;
  /** `quote` for text inside 《》「」“” and the like (titles are answers as a whole); `clause` for a cause or purpose. */
  kind: 'phrase' | 'quote' | 'clause';
  /** The phrase is the noun of a 하다-verb or adjective (추구하던 → 추구), which rarely answers a question. */
  predicate: boolean;
}

// Morphemes that can be part of a noun phrase. MM (determiners: 두 번째), SO (~ in 45~46cm), IC (lindera
// splits unknown foreign names into odd pieces: 메이그스 → 메이/NNG 그/IC 스/IC).
const NOMINAL = /^(?:NNG|NNP|NNB|NNBC|NR|SN|SL|SH|XPN|XSN|MM|UNK|SO|IC)$/u;
// Phrases made only of these are no answer: pronouns, determiners, bound nouns (이것, 그, 것, 수).
const EMPTY = /^(?:NP|MM|NNB|XSN|XPN|SO|IC)$/u;
// A phrase opened by a demonstrative points back to something else (이 호수, 그 관청, 해당 지역).
const DEMONSTRATIVE = /^(?:이|그|저|이런|그런|저런|이러한|그러한|해당|동|본|당)$/u;
// Brackets, colons and middle dots inside a phrase: 혐의(폭력행위 위반), 경고:현실주의, 상·중·하.
const INNER = /^(?:SSO|SSC|SC|SY)$/u;
// Particles that join nouns into one phrase: 미국의 국무 장관, 역사학과 과학.
const JOINING = /^(?:의|과|와|및)$/u;
// Longest run of eojeols considered as one phrase.
const MAX_RUN = 7;

interface Part {
  /** Content morphemes (nominal and inner punctuation) from the eojeol's start; empty when it is not nominal. */
  content: TaggedMorph[];
  /** Particles after the content, joined: `에서는` → `에서는`. */
  particle: string;
  /** True when something other than a particle follows the content (a verb suffix, an ending, a comma). */
  broken: boolean;
  /** True when a verb-making suffix or a verb follows the content directly: 추구/NNG 하/XSV. */
  predicate: boolean;
}

function partOf(eojeol: Eojeol): Part {
  const morphs = eojeol.morphs;
  const content: TaggedMorph[] = [];
  let k = 0;
  while (k < morphs.length - 1 && morphs[k]!.pos === 'SSQ') k++; // "야로슬라블 → 야로슬라블
  // An eojeol cannot start with an ending or a particle: such a first morpheme is a misanalysed unknown
  // word (고페르나무 → 고/EC 페르/NNG 나무/NNG) and is read as part of the noun.
  if (k + 1 < morphs.length && /^[EJ]/u.test(morphs[k]!.pos) && NOMINAL.test(morphs[k + 1]!.pos))
    content.push(morphs[k++]!);
  const inside = (m: TaggedMorph, at: number) =>
    NOMINAL.test(m.pos) || (content.length > 0 && INNER.test(m.pos) && !isBreakingPunct(morphs, at));
  while (k < morphs.length && inside(morphs[k]!, k)) content.push(morphs[k++]!);
  // A parenthesis ends the phrase: 장첸(윤계상) → 장첸, 디오니시오(Dionysius → 디오니시오, Areopagita) → (none).
  const open = content.findIndex((m) => m.pos === 'SSO');
  const close = content.findIndex((m) => m.pos === 'SSC' && /^[)）\]]$/u.test(m.surface));
  const cut = close !== -1 && (open === -1 || close < open) ? 0 : open;
  const truncated = cut !== -1;
  if (truncated) content.length = cut;
  // trailing punctuation stays outside: 발견, → 발견
  while (
    content.length > 0 &&
    INNER.test(content[content.length - 1]!.pos) &&
    !/^[》」』〉]$/u.test(content[content.length - 1]!.surface)
  )
    content.pop();
  const predicate = !truncated && k < morphs.length && /^(?:XSV|XSA|VV|VA|VX)$/u.test(morphs[k]!.pos);
  while (!truncated && k < morphs.length && morphs[k]!.pos === 'SSQ') k++; // 정책"은 → 정책 + 은
  let particle = '';
  while (!truncated && k < morphs.length && morphs[k]!.pos.startsWith('J')) particle += morphs[k++]!.surface;
  return { content, particle, broken: truncated || k < morphs.length, predicate };
}

/** A comma or colon that ends a phrase (발견, / 영어:) rather than sitting inside a title (경고:현실주의). */
function isBreakingPunct(morphs: readonly TaggedMorph[], k: number): boolean {
  const m = morphs[k]!;
  return m.pos === 'SC' && (m.surface === ',' || k === morphs.length - 1);
}

/**
 * @example phraseCandidates(tag('1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의로 지명수배되었다.'))
 * // → '1989년', '1989년 2월', …, '여의도 농민 폭력 시위', '시위', '혐의', '지명수배' …
 */
export function phraseCandidates(text: string, eojeols: readonly Eojeol[]): Candidate[] {
  const parts = eojeols.map(partOf);
  const out: Candidate[] = [];
  for (let first = 0; first < eojeols.length; first++) {
    if (parts[first]!.content.length === 0) continue;
    for (let last = first; last < eojeols.length && last < first + MAX_RUN; last++) {
      const part = parts[last]!;
      if (part.content.length === 0) break;
      // the phrase must cover the whole content of each eojeol before its last
      if (last > first) {
        const previous = parts[last - 1]!;
        const whole =
          previous.content[previous.content.length - 1]!.end ===
          eojeols[last - 1]!.end - previous.particle.length;
        if (!whole || (previous.particle !== '' && !JOINING.test(previous.particle))) break;
        if (eojeols[last]!.start !== parts[last]!.content[0]!.start) break;
      }
      const start = parts[first]!.content[0]!.start;
      const end = part.content[part.content.length - 1]!.end;
      const morphs = parts.slice(first, last + 1).flatMap((p) => p.content);
      const pointing = morphs[0]!.pos === 'MM' && DEMONSTRATIVE.test(morphs[0]!.surface);
      if (!pointing && !morphs.every((m) => EMPTY.test(m.pos) || INNER.test(m.pos)))
        out.push({
          start,
          end,
          text: text.slice(start, end),
          first,
          last,
          morphs,
          particle: part.particle,
          kind: 'phrase',
          predicate: part.predicate,
        });
      if (part.broken) break;
    }
  }
  return [...out, ...quoteCandidates(text, eojeols), ...clauseCandidates(text, eojeols, parts)];
}

// Words that make the clause before them a cause or purpose: …알리기 위해, …변화로 인해, …때문에.
const CAUSE = /^(?:위해|위하여|위해서|때문에|때문이다|때문이었다|탓에|덕분에|인해|인하여|인한|말미암아)/u;

/**
 * Clauses before a cause word, for 왜/이유 questions: `축제는 지역 농산물을 알리기 위해 시작되었다`
 * → `지역 농산물을 알리기`, `지역 농산물을 알리기 위해`. A clause starts after the last topic or subject
 * (은/는/이/가) or comma before it.
 */
function clauseCandidates(text: string, eojeols: readonly Eojeol[], parts: readonly Part[]): Candidate[] {
  const out: Candidate[] = [];
  for (let k = 1; k < eojeols.length; k++) {
    if (!CAUSE.test(eojeols[k]!.text)) continue;
    let first = k - 1;
    while (
      first > 0 &&
      !/^(?:은|는|이|가)$/u.test(parts[first - 1]!.particle) &&
      !eojeols[first - 1]!.text.endsWith(',')
    )
      first--;
    const before = eojeols[k - 1]!;
    const part = parts[k - 1]!;
    // 변화로 인해 → 변화: the particle before 인해 is not part of the cause
    const end =
      part.content.length > 0 && part.particle !== ''
        ? part.content[part.content.length - 1]!.end
        : before.end;
    const start = eojeols[first]!.start;
    const morphs = eojeols.slice(first, k).flatMap((e) => e.morphs);
    if (end > start)
      out.push({
        start,
        end,
        text: text.slice(start, end),
        first,
        last: k - 1,
        morphs,
        particle: '',
        kind: 'clause',
        predicate: false,
      });
    const withCause = eojeols[k]!.end - (/[.,]$/u.test(eojeols[k]!.text) ? 1 : 0);
    out.push({
      start,
      end: withCause,
      text: text.slice(start, withCause),
      first,
      last: k,
      morphs: [...morphs, ...eojeols[k]!.morphs],
      particle: '',
      kind: 'clause',
      predicate: false,
    });
  }
  return out;
}

const QUOTES: ReadonlyArray<[string, string]> = [
  ['《', '》'],
  ['「', '」'],
  ['『', '』'],
  ['〈', '〉'],
  ['“', '”'],
  ['‘', '’'],
  ['"', '"'],
  ["'", "'"],
  ['<', '>'],
];

function quoteCandidates(text: string, eojeols: readonly Eojeol[]): Candidate[] {
  const out: Candidate[] = [];
  for (const [open, close] of QUOTES) {
    let from = 0;
    for (;;) {
      const start = text.indexOf(open, from);
      if (start === -1) break;
      const end = text.indexOf(close, start + 1);
      if (end === -1 || end - start > 60) break;
      from = end + 1;
      if (end === start + 1) continue;
      const first = eojeols.findIndex((e) => e.end > start);
      const last = eojeols.findIndex((e) => e.end >= end);
      const morphs = eojeols
        .slice(first, last + 1)
        .flatMap((e) => e.morphs.filter((m) => m.start > start && m.end <= end));
      const after = eojeols[last]?.morphs.find((m) => m.start >= end + 1);
      out.push({
        start: start + 1,
        end,
        text: text.slice(start + 1, end),
        first,
        last,
        morphs,
        particle: after?.pos.startsWith('J') ? after.surface : '',
        kind: 'quote',
        predicate: false,
      });
    }
  }
  return out;
}
