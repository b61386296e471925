// Works around a lindera-wasm 1.1.0 bug: every mecab-ko-dic entry whose surface is 이 is missing.
//
// ko-dic has 32 entries for 이 (subject particle JKS, copula VCP, 이/MM …); lindera packed the entry
// count into 5 bits, so 32 wrapped to 0 and all of them vanished (fixed upstream in lindera PR #668,
// not in the lindera-wasm release Kachi can use). Without 이/JKS, Viterbi takes odd paths:
// 회장이 → 회/NNBC 장이/XSN, 기술이 → 기술/NNG 이/UNK, 입장이었다 → 입/NNG 장이/XSN ….
// The repair re-analyses such eojeols with 이 replaced by 을, a particle of the same slot that ko-dic
// does have (회장을 → 회장/NNG 을/JKO), reads the word before it alone (박대성 → 박대성/NNP, where
// 박대성을 gives 박대/NNG 성/XSN), and keeps whichever analysis is sound.
// Only 이 after a final consonant is handled: after a vowel the particle is 가, and the copula there
// is mostly contracted (친구였다), so what is lost is rare.
import { contextLength, type Morpheme } from './morph-tokens.ts';

const I = '이';
// 을, the object particle after a final consonant: the same length as 이 and, unlike 은 (은행, 은하 …),
// it begins almost no ko-dic words, so it rarely glues onto the next syllable.
const SUBSTITUTE = '을';
const FUNCTION_TAG = /^(?:J|E|X|VCP)/;
// The particle and copula 이 follow a noun-like word: a noun, a nominalised verb (흔들림), a number.
const NOMINAL_TAG = /^(?:N|XSN|ETN|SN|SL|SH|UNK)/;

function hasFinalConsonant(syllable: string): boolean {
  const index = syllable.charCodeAt(0) - 0xac00;
  return index >= 0 && index < 11172 && index % 28 !== 0;
}

/**
 * The eojeol with each 이 that follows a final consonant (where the particle and copula 이 belong)
 * substituted, or null when there is none.
 * @example substituteI('회장이었다') // → '회장을었다'
 * @example substituteI('고양이') // → '고양을' (and preferSubstituted keeps 고양이)
 */
export function substituteI(run: string): string | null {
  let out: string | null = null;
  for (let k = 1; k < run.length; k++) {
    if (run[k] !== I || !hasFinalConsonant(run[k - 1]!)) continue;
    out = (out ?? run).slice(0, k) + SUBSTITUTE + run.slice(k + 1);
  }
  return out;
}

/**
 * True when the re-analysis should replace lindera's. For each substituted 이, the original token t
 * covering it is unsound when t is unknown, when t is one syllable plus 이 (장이, 원이, 등이 — nouns
 * followed by the particle far more often than such words), or when t starts where the re-analysis
 * sees no boundary (회/장이 against 회장/을); and the word before the substitute is nominal (먹이 is
 * kept: 먹을 reads 먹/VV). Words that begin at a boundary are kept (고양이, 놀이터,
 * 받아들이면), as are entries starting at the 이 itself (이다, 이름). The re-analysis is refused if a
 * content token covers a substitute (the substitute glued onto a word), or if the text after the
 * last substitute reads differently.
 */
export function preferSubstituted(
  run: string,
  original: readonly Morpheme[],
  substituted: string,
  repaired: readonly Morpheme[],
): boolean {
  const boundaries = new Set<number>();
  for (const m of repaired) boundaries.add(m.start).add(m.end);
  const last = lastSubstitution(run, substituted);
  // The text after the last 이 must read the same; 길이가 → 길을가 would turn 가/JKS into 가/VV.
  const content = (ms: readonly Morpheme[]) =>
    ms
      .filter((m) => m.start > last && !FUNCTION_TAG.test(m.tag))
      .map((m) => `${m.start}:${m.surface}:${m.tag}`)
      .join(' ');
  if (content(repaired) !== content(original)) return false;
  let prefer = false;
  for (let k = 1; k < run.length; k++) {
    if (run[k] === substituted[k]) continue;
    const cover = repaired.find((m) => m.start <= k && m.end > k);
    if (cover && !FUNCTION_TAG.test(cover.tag)) return false;
    const before = repaired.find((m) => m.end === k);
    if (!before || !NOMINAL_TAG.test(before.tag.split('+').at(-1)!)) return false;
    const t = original.find((m) => m.start <= k && m.end > k);
    if (!t) continue;
    if (
      t.tag === 'UNK' ||
      (t.start === k - 1 && t.end === k + 1) ||
      (t.start < k && !boundaries.has(t.start))
    )
      prefer = true;
  }
  return prefer;
}

function lastSubstitution(run: string, substituted: string): number {
  for (let k = run.length - 1; k >= 0; k--) if (run[k] !== substituted[k]) return k;
  return -1;
}

/**
 * Re-analyses, in one batched call to `tokenizeFull` (a tokenizer that drops nothing), the runs whose
 * 이 may have derailed lindera (judged first from `morphemes`, lindera's content morphemes), and
 * replaces their morphemes where the repair is sound.
 * Runs follow the morphology input format (an optional ASCII context character, then syllables).
 */
export function repairParticleI(
  runs: readonly string[],
  morphemes: Morpheme[][],
  tokenizeFull: (runs: readonly string[]) => Morpheme[][],
): void {
  const suspects: Array<{ i: number; context: string; hangul: string; substituted: string; at: number }> = [];
  runs.forEach((run, i) => {
    const context = run.slice(0, contextLength(run));
    const hangul = run.slice(context.length);
    const substituted = substituteI(hangul);
    if (substituted === null) return;
    // Sound already when lindera cut right before every 이 and knew what followed (사실이다 → 사실/NNG 이다/JC).
    const ms = morphemes[i]!;
    const cutBefore = (k: number) =>
      hangul[k] === substituted[k] ||
      (ms.some((m) => m.end === k) && !ms.some((m) => m.start === k && m.tag === 'UNK'));
    if ([...hangul].every((_, k) => cutBefore(k))) return;
    let at = 0;
    while (hangul[at] === substituted[at]) at++;
    // The word before the 이 is read alone only when there is one 이 to repair.
    suspects.push({
      i,
      context,
      hangul,
      substituted,
      at: lastSubstitution(hangul, substituted) === at ? at : -1,
    });
  });
  if (suspects.length === 0) return;
  const withPrefixes = suspects.filter((s) => s.at > 0);
  const analysed = tokenizeFull([
    ...suspects.map((s) => runs[s.i]!),
    ...suspects.map((s) => s.context + s.substituted),
    ...withPrefixes.map((s) => s.context + s.hangul.slice(0, s.at)),
  ]);
  const prefixes = new Map(withPrefixes.map((s, k) => [s, analysed[2 * suspects.length + k]!]));
  suspects.forEach((s, k) => {
    const original = analysed[k]!;
    let repaired = analysed[suspects.length + k]!;
    const prefix = prefixes.get(s);
    if (prefix) repaired = [...prefix, ...repaired.filter((m) => m.start >= s.at)];
    morphemes[s.i] = preferSubstituted(s.hangul, original, s.substituted, repaired) ? repaired : original;
  });
}

/** An unknown 이 standing alone is one of the lost entries (이/MM "this", 이/JKS …): never content. */
export function isLostI(m: Morpheme): boolean {
  return m.tag === 'UNK' && m.surface === I;
}
