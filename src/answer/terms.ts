// Question terms for evidence scoring: content morphemes and Hangul bigrams of the question, without its wh-words and endings.
import type { Eojeol, TaggedMorph } from './tagger.ts';

/** A string the evidence sentence may contain; bigrams catch what morphology splits differently. */
export interface QueryTerm {
  text: string;
  kind: 'morph' | 'bigram';
}

// Content morphemes: nouns, numbers, foreign words, hanja, roots, and verb/adjective stems.
const CONTENT = /^(?:NNG|NNP|NNB|NR|SN|SL|SH|XR|VV|VA|MAG|UNK)$/u;
// Wh-words and the nouns questions use to ask (인물은? 이름은?), which the evidence does not repeat.
const ASKING =
  /^(?:누구|누가|무엇|뭐|어디|언제|몇|얼마|어떤|어떠한|어느|무슨|왜|어떻게|어떻|무엇인가|인가|이름|명칭|것|무엇|무엇이|어딘가|무얼|뭘|때문)$/u;

/** The text of a term as compared: NFC and lowercase, so `Haig` matches `haig`. */
export function foldTerm(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Content part of an eojeol: from its first content morpheme to the end of its last one. */
export function contentMorphs(eojeol: Eojeol): TaggedMorph[] {
  return eojeol.morphs.filter((m) => CONTENT.test(m.pos) && !ASKING.test(m.surface));
}

/**
 * @example questionTerms(tag('임종석이 지명수배된 날은?'))
 * // → morphs 임종석, 지명, 수배; bigrams 임종, 종석, 지명, 명수, 수배
 */
export function questionTerms(eojeols: readonly Eojeol[]): QueryTerm[] {
  const out = new Map<string, QueryTerm>();
  const add = (text: string, kind: QueryTerm['kind']) => {
    const folded = foldTerm(text);
    if (folded !== '' && !out.has(`${kind}:${folded}`)) out.set(`${kind}:${folded}`, { text: folded, kind });
  };
  for (const eojeol of eojeols) {
    const content = contentMorphs(eojeol);
    if (content.length === 0) continue;
    for (const m of content)
      if (m.surface.length > 1 || /[0-9A-Za-z]/u.test(m.surface) || m.pos === 'NNP') add(m.surface, 'morph');
    // bigrams over the content span only, so endings (…했는가) and particles add nothing
    const span = eojeol.text.slice(
      content[0]!.start - eojeol.start,
      content[content.length - 1]!.end - eojeol.start,
    );
    for (let i = 0; i + 1 < span.length; i++) {
      const pair = span.slice(i, i + 2);
      if (/^[가-힣]{2}$/u.test(pair) && !ASKING.test(pair)) add(pair, 'bigram');
    }
  }
  return [...out.values()];
}
