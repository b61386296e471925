// mecab-ko-dic morphemes of one eojeol → content tokens: stop tags dropped, inflected forms → stems,
// adjacent nouns and dictionary compounds → the compound and its parts (Nori's "mixed" mode).
import { chosungOf } from './hangul.ts';

/** One lindera token, with offsets in UTF-16 code units relative to the eojeol. */
export interface Morpheme {
  surface: string;
  tag: string;
  type: string;
  expression: string;
  start: number;
  end: number;
}

/**
 * A content token of one eojeol. `step` is 1 when the token starts a new word position and 0 when it
 * shares the position of the token before it (a compound and its first part).
 */
export interface MorphToken {
  term: string;
  kind: 'morph' | 'compound';
  start: number;
  end: number;
  step: 0 | 1;
}

/**
 * Morphology input is a run of syllables, optionally after one ASCII character that stands for the
 * word before it (see eojeol-drafts.ts); 1 when that character is there, else 0.
 */
export function contextLength(run: string): number {
  return run.charCodeAt(0) < 0x80 ? 1 : 0;
}

// Nouns that chain into a compound when written without a space: 검색/NNG 엔진/NNG → 검색엔진.
// UNK is a Hangul word mecab-ko-dic does not know, nearly always a noun (a name, a new word).
const NOUN_TAGS = new Set(['NNG', 'NNP', 'UNK']);

/**
 * @example
 * // 검색엔진을 → 검색/NNG 엔진/NNG (을/JKO dropped in WASM) →
 * //   검색엔진 (compound, step 1), 검색 (morph, step 0), 엔진 (morph, step 1)
 * // 갔 → 가/VV+았/EP (Inflect) → 가 (morph, step 1)
 */
export function toMorphTokens(
  morphemes: readonly Morpheme[],
  stopTags: ReadonlySet<string>,
  decompound: boolean,
): MorphToken[] {
  const out: MorphToken[] = [];
  const isNoun = (m: Morpheme): boolean => NOUN_TAGS.has(m.tag) && !stopTags.has(m.tag);
  let i = 0;
  while (i < morphemes.length) {
    const m = morphemes[i]!;
    if (decompound && isNoun(m)) {
      let j = i + 1;
      // Nouns chain only when touching: a dropped particle between them (학교의 급식) breaks the chain.
      while (j < morphemes.length && isNoun(morphemes[j]!) && morphemes[j]!.start === morphemes[j - 1]!.end)
        j++;
      emitNouns(morphemes.slice(i, j), stopTags, out);
      i = j;
    } else {
      emitSingle(m, stopTags, out);
      i++;
    }
  }
  return out;
}

function emitNouns(group: readonly Morpheme[], stopTags: ReadonlySet<string>, out: MorphToken[]): void {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  let share = false;
  if (group.length > 1) {
    out.push({
      term: group.map((m) => m.surface).join(''),
      kind: 'compound',
      start: first.start,
      end: last.end,
      step: 1,
    });
    share = true;
  }
  for (const m of group) {
    const parts = m.type === 'Compound' ? compoundParts(m, stopTags) : [];
    if (parts.length > 1) {
      out.push({ term: m.surface, kind: 'compound', start: m.start, end: m.end, step: share ? 0 : 1 });
      parts.forEach((part, k) => out.push({ ...part, step: k === 0 ? 0 : 1 }));
    } else {
      out.push({ term: m.surface, kind: 'morph', start: m.start, end: m.end, step: share ? 0 : 1 });
    }
    share = false;
  }
}

function emitSingle(m: Morpheme, stopTags: ReadonlySet<string>, out: MorphToken[]): void {
  if (m.type === 'Inflect' || m.type === 'Preanalysis' || m.tag.includes('+')) {
    // 갔 = 가/VV/*+았/EP/*: the stem is the content; the surface (갔) does not contain it, so the
    // stem keeps the whole surface's offsets. 아름다운 → 아름답 (VA).
    const content = parseExpression(m.expression).filter(
      (part) => !stopTags.has(part.tag) && part.surface !== '',
    );
    // Inflection keeps the first consonant (갔 ← 가, 들어 ← 듣, 도와 ← 돕); an expression that does not
    // is a ko-dic data error (이고 → 며칠/NNG+이/VCP+고/EC) and is ignored.
    if (content.length > 0 && chosungOf(content[0]!.surface[0]!) !== chosungOf(m.surface[0]!)) return;
    for (const part of content)
      out.push({ term: part.surface, kind: 'morph', start: m.start, end: m.end, step: 1 });
    return;
  }
  if (!stopTags.has(m.tag)) out.push({ term: m.surface, kind: 'morph', start: m.start, end: m.end, step: 1 });
}

/** Parts of a dictionary compound, `장바구니` = `장/NNG/*+바구니/NNG/*` → 장 [0,1), 바구니 [1,4). */
function compoundParts(m: Morpheme, stopTags: ReadonlySet<string>): Array<Omit<MorphToken, 'step'>> {
  const parts = parseExpression(m.expression);
  const aligned = parts.map((p) => p.surface).join('') === m.surface;
  const out: Array<Omit<MorphToken, 'step'>> = [];
  let at = m.start;
  for (const part of parts) {
    const start = aligned ? at : m.start;
    const end = aligned ? at + part.surface.length : m.end;
    at += part.surface.length;
    if (!stopTags.has(part.tag) && part.surface !== '')
      out.push({ term: part.surface, kind: 'morph', start, end });
  }
  return out;
}

/** `'가/VV/*+았/EP/*'` → `[{surface: '가', tag: 'VV'}, {surface: '았', tag: 'EP'}]`; `'*'` → `[]`. */
export function parseExpression(expression: string): Array<{ surface: string; tag: string }> {
  if (expression === '*' || expression === '') return [];
  return expression.split('+').map((part) => {
    const [surface = '', tag = ''] = part.split('/');
    return { surface, tag };
  });
}
