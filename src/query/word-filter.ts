// Which words of a hit may hold one of the query's terms, decided without morphological analysis, so
// that highlighting analyses only those words (lindera costs about 20 µs per word not yet cached, and a
// hit's words are mostly not).
//
// A bigram key is a substring of its word. A morpheme's key need not be one: inflection contracts or
// alters the stem's last syllable (하 → 했, 돕 → 도와, 부르 → 불러, 듣 → 들어), but it never changes a
// syllable's initial consonant, except that a final 하 may merge into the next syllable or vanish
// (피하지 → 피치, 깨끗하지 → 깨끗지). So a word may hold a morpheme when the initial consonants of the
// morpheme, less a final ㅎ, appear in a row in the word's (other characters compared as they are, once
// the thousands separators the analyzer drops are gone: 1,601m → 1601m).
import { SYLLABLE_FIRST, SYLLABLE_LAST } from '../analysis/hangul.ts';
import { normalize } from '../analysis/normalize.ts';
import { BIGRAM_PREFIX } from './expand.ts';

// Hand-written rather than es-hangul's getChoseong, which drops every character that is not Hangul:
// here each character must map to exactly one, so that Latin letters and digits still compare.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const SYLLABLES_PER_INITIAL = 21 * 28;
const DIGIT_GROUP_SEPARATOR = /(?<=\d),(?=\d)/gu;

/** Every syllable replaced by its initial consonant: `'검색 API'` → `'ㄱㅅ api'` (after normalization). */
export function initialsSkeleton(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST ? INITIALS[Math.floor((code - SYLLABLE_FIRST) / SYLLABLES_PER_INITIAL)]! : text[i]!;
  }
  return out;
}

/**
 * A test for one word (a whitespace-delimited stretch of the original text): false only when the word
 * cannot hold any of `terms` (index keys: morphemes, compounds, `BIGRAM_PREFIX` + bigram). Null when
 * words cannot be tested alone (a term spans a space, as a user dictionary entry may).
 */
export function wordFilter(terms: ReadonlySet<string>): ((word: string) => boolean) | null {
  const exact: string[] = [];
  const skeletons: string[] = [];
  for (const term of terms) {
    if (/\s/u.test(term)) return null;
    if (term.startsWith(BIGRAM_PREFIX)) exact.push(term.slice(BIGRAM_PREFIX.length));
    else {
      const skeleton = initialsSkeleton(term);
      skeletons.push(skeleton.length > 1 && skeleton.endsWith('ㅎ') ? skeleton.slice(0, -1) : skeleton);
    }
  }
  return (word) => {
    const text = normalize(word).text.replace(DIGIT_GROUP_SEPARATOR, '');
    for (const e of exact) if (text.includes(e)) return true;
    if (skeletons.length === 0) return false;
    const skeleton = initialsSkeleton(text);
    for (const s of skeletons) if (skeleton.includes(s)) return true;
    return false;
  };
}
