// Keyboard-layout repair: text typed with the wrong input mode on a Korean 2-set (두벌식) keyboard.
import { convertHangulToQwerty, convertQwertyToHangul } from 'es-hangul';

const LATIN_WORD = /^[a-z]+$/i;
const HANGUL_WORD = /^[가-힣ㄱ-ㅣ]+$/u;
// Syllables only, with at most one lone jamo at the end (a syllable still being typed: dkssudg → 안녕ㅎ).
const PLAUSIBLE_HANGUL = /^[가-힣]+[ㄱ-ㅣ]?$/u;
const LONE_JAMO = /[ㄱ-ㅣ]/u;
const VOWEL = /[aeiouy]/;

/**
 * Latin letters typed while meaning Hangul: `'rjator'` → `'검색'`, `'dkssud'` → `'안녕'`.
 * Null when the keys do not assemble into syllables, which is how real Latin words look:
 * `'iphone'` → `'ㅑㅔㅙㅜㄷ'` → null. Shifted keys count (`'Rhdwn'` → `'꽁주'`), but analysed
 * queries are lowercased first, so callers usually see `'rhdwn'` → `'공주'`.
 */
export function toHangulLayout(text: string): string | null {
  if (!LATIN_WORD.test(text)) return null;
  let hangul: string;
  try {
    hangul = convertQwertyToHangul(text);
  } catch {
    // es-hangul throws on key sequences that cannot assemble ('how' → ㅗㅐㅈ): then it was not Korean
    return null;
  }
  return PLAUSIBLE_HANGUL.test(hangul) ? hangul : null;
}

/**
 * Hangul typed while meaning Latin letters: `'ㅑㅔㅙㅜㄷ'` → `'iphone'`, `'햐ㅔㅙㅜㄷ'` → `'giphone'`.
 * Null unless the text holds a lone jamo: Latin words typed in Korean mode leave vowels or consonants
 * that do not join a syllable, while all-syllable text (`'검색'`) is almost surely Korean as typed.
 * Also null when the keys give no Latin vowel (`'ㄱㅅㅇㅈ'` → `'rtdw'`, a chosung query, not a word).
 */
export function toLatinLayout(text: string): string | null {
  if (!HANGUL_WORD.test(text) || !LONE_JAMO.test(text)) return null;
  const latin = convertHangulToQwerty(text);
  return LATIN_WORD.test(latin) && VOWEL.test(latin.toLowerCase()) ? latin.toLowerCase() : null;
}
