// Repairs lindera-wasm's lost 이 entries for tagging (see analysis/particle-i.ts): the particle after a noun, and 이 the demonstrative.
import type { Morpheme } from '../analysis/morph-tokens.ts';
import { preferSubstituted, substituteI } from '../analysis/particle-i.ts';

/** What the tagger keeps of a lindera token; offsets are UTF-16, relative to the eojeol. */
export interface RawMorph extends Morpheme {
  /** mecab-ko-dic's semantic class of proper nouns: `인명` (person), `지명` (place), or `*`. */
  meaning: string;
}

/** The eojeol to re-analyse and how: 이 after a consonant → 을 (임종석이 → 임종석을); a leading 이 → 그 (이는 → 그는). */
export function substitutes(eojeol: string, original: readonly RawMorph[]): string | null {
  const particle = substituteI(eojeol);
  if (particle !== null) return particle;
  const first = original[0];
  // Without its 이 entries, ko-dic reads 이는 as UNK, 이와 as NNP and 이러한 as XR; 그 takes the same slots.
  if (
    eojeol.startsWith('이') &&
    first !== undefined &&
    /^(?:UNK|NNP|XR)$/u.test(first.tag) &&
    first.surface.startsWith('이')
  )
    return `그${eojeol.slice(1)}`;
  return null;
}

/**
 * The analysis to keep, with the written text restored in the substituted places: 을/JKO back to 이/JKS
 * (이/VCP before an ending: 입장이었다), 그 back to 이.
 * @example repairI('임종석이', [임종/NNG, 석이/NNG], '임종석을', [임종석/NNP, 을/JKO]) // → [임종석/NNP, 이/JKS]
 */
export function repairI(
  eojeol: string,
  original: readonly RawMorph[],
  substituted: string,
  repaired: readonly RawMorph[],
): RawMorph[] {
  const demonstrative = substituted[0] === '그' && eojeol[0] === '이';
  if (
    demonstrative
      ? !/^(?:NP|MM|XR|VA|MAG)$/u.test(repaired[0]?.tag ?? '')
      : !preferSubstituted(eojeol, original, substituted, repaired)
  )
    return dropLostI(original);
  return repaired.map((m, k) => {
    const surface = eojeol.slice(m.start, m.end);
    if (surface === m.surface || m.tag !== 'JKO') return { ...m, surface };
    const next = repaired[k + 1];
    return { ...m, surface, tag: next !== undefined && next.tag.startsWith('E') ? 'VCP' : 'JKS' };
  });
}

/** A lone unknown 이: after a noun it is the subject particle, alone it is the determiner (이 사건). */
export function dropLostI(morphs: readonly RawMorph[]): RawMorph[] {
  return morphs.map((m, k) =>
    m.tag === 'UNK' && m.surface === '이' ? { ...m, tag: k === 0 ? 'MM' : 'JKS' } : m,
  );
}
