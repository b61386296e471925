// Which words of a hit may hold one of the query's terms, decided without morphological analysis, so
// that highlighting analyses only those words (lindera costs about 20 µs per word not yet cached, and a
// hit's words are mostly not).
//
// A bigram key is a substring of its word. A morpheme's key need not be one: inflection contracts or
// alters a stem's last syllable (하 → 했/해, 되 → 돼, 돕 → 도와, 부르 → 불러, 듣 → 들어, 파랗 → 파래),
// and two syllables of a compound stem may contract into one (이루어지 → 이뤄지, 놓아두 → 놔두). What it
// never changes is a syllable's initial consonant, nor the vowel of a syllable that does not contract,
// except that a final 하 may merge into the next syllable or vanish (피하지 → 피치, 깨끗하지 → 깨끗지).
// So each syllable of the term must appear in the word with its initial consonant and its vowel, or a
// vowel that may stand for it. Inside the stem finals must match (a 르 may lend its ㄹ: 모르 → 몰라); the
// last syllable may lose or change a final ㄷ/ㄹ/ㅂ/ㅅ/ㅎ (듣 → 들어, 살 → 사는, 돕 → 도와) or gain one
// (가 → 갔); any other final stays a final there (lindera sometimes reads 말 as 맡, 밟 as 밝). Other
// characters compare as they are, once the thousands separators the analyzer drops are gone (1,601m →
// 1601m). Checked with every content token of 1,000 and 3,000 T2 passages against the word holding it:
// 78 and 24 misses (the initials-only test it replaced: 79 and 13), all lindera quirks (뉘 read as 누구,
// 도로 as 도시); on the hits of 200 KorQuAD questions it keeps 199 words a search instead of 453.
import { SYLLABLE_FIRST, SYLLABLE_LAST } from '../analysis/hangul.ts';
import { normalize } from '../analysis/normalize.ts';
import { BIGRAM_PREFIX } from './expand.ts';

const VOWELS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
/**
 * Vowels that stand for each other, in either direction (lindera may also report the contracted form as
 * the stem: 저 → 제, 쓰이 → 씌): 하+여 → 해, 되+어 → 돼, 오+아 → 와, 주+어 → 줘, 쓰+어 → 써, 바쁘+아 → 바빠,
 * 치+어 → 쳐, 보+이 → 뵈, 트+이 → 틔, 푸+어 → 퍼 (우-irregular), 파랗+아 → 파래, 하얗+아 → 하얘, 누렇+어 → 누레,
 * 그렇+어 → 그래 (ㅎ-irregular), 저+의 → 제, 것+이 → 게.
 */
const CONTRACTIONS = ['ㅏㅐ', 'ㅑㅒ', 'ㅓㅐ', 'ㅓㅔ', 'ㅕㅖ', 'ㅗㅘ', 'ㅗㅚ', 'ㅜㅝ', 'ㅜㅟ', 'ㅜㅓ', 'ㅚㅙ', 'ㅟㅕ', 'ㅡㅓ', 'ㅡㅏ', 'ㅡㅢ', 'ㅣㅕ'];
/**
 * In stems of two syllables or more, lindera's dictionary also writes ㅣ where the text has another vowel
 * (가르키 for 가리키, 모르 for 모리, 쌓이 for 쌓았). Too loose for one-syllable terms (일 would keep every
 * word with 아, 어, 우, 으), where a missed highlight is the lesser cost.
 */
const STEM_SPELLINGS = ['ㅣㅏ', 'ㅣㅓ', 'ㅣㅜ', 'ㅣㅡ'];
const VOWEL_COUNT = 21;
const FINAL_COUNT = 28;
const INITIAL_ㅇ = 11;
const INITIAL_ㅎ = 18;

/** Vowel index → bit set of the vowels that may stand for it. */
function vowelClasses(pairs: readonly string[]): number[] {
  const classes = [...VOWELS].map((_, i) => 1 << i);
  for (const [a, b] of pairs.map((pair) => [...pair].map((v) => VOWELS.indexOf(v)))) {
    classes[a!]! |= 1 << b!;
    classes[b!]! |= 1 << a!;
  }
  return classes;
}
const SHORT_TERM_VOWELS = vowelClasses(CONTRACTIONS);
const LONG_TERM_VOWELS = vowelClasses([...CONTRACTIONS, ...STEM_SPELLINGS]);
/** Vowels of a syllable that contracts into the one before it: 아, 어, 여, 이 (놓아 → 놔, 이루어 → 이뤄, 하여 → 해, 선보이 → 선뵈). */
const CONTRACTING_VOWELS = [...'ㅏㅓㅕㅣ'].reduce((mask, c) => mask | (1 << VOWELS.indexOf(c)), 0);
const DIGIT_GROUP_SEPARATOR = /(?<=\d),(?=\d)/gu;

/** A syllable as its index from 가 (initial × 588 + vowel × 28 + final); any other character as -1 - its code. */
function letterKey(code: number): number {
  return code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST ? code - SYLLABLE_FIRST : -1 - code;
}

function lettersOf(text: string): Int32Array {
  const out = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = letterKey(text.charCodeAt(i));
  return out;
}

const initialOf = (key: number) => Math.floor(key / (VOWEL_COUNT * FINAL_COUNT));
const vowelOf = (key: number) => Math.floor(key / FINAL_COUNT) % VOWEL_COUNT;
const finalOf = (key: number) => key % FINAL_COUNT;
const FINALS = ' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';
const FINAL_ㄹ = FINALS.indexOf('ㄹ');
/** Finals of a stem's last syllable that inflection may drop or change: ㄹ-deletion (살 → 사는), ㄷ/ㅂ/ㅅ/ㅎ-irregulars (듣 → 들어, 돕 → 도와, 낫 → 나아, 파랗 → 파래); a syllable without one may gain one (가 → 갔, 간, 갈). */
const CHANGING_FINALS = [...' ㄷㄹㅂㅅㅎ'].reduce((mask, c) => mask | (1 << FINALS.indexOf(c)), 0);
/** Finals after which the vowel may contract too (ㅎ-irregular 파랗 → 파래; 것+이 → 게). */
const CONTRACTING_FINALS = [...' ㅅㅎ'].reduce((mask, c) => mask | (1 << FINALS.indexOf(c)), 0);
const SYLLABLE_르 = letterKey('르'.charCodeAt(0));

interface Pattern {
  letters: Int32Array;
  vowels: readonly number[];
  /** `headOf` its first letter: where a match may start. */
  head: number;
}

/** What a letter must share with the start of a match: a syllable's initial consonant, or the character itself. */
const headOf = (key: number) => (key >= 0 ? initialOf(key) : key);

const has = (mask: number, bit: number) => ((mask >> bit) & 1) === 1;

/**
 * True when the pattern's letters from `t` on may be found in `word` at `at`. A syllable matches one with its
 * initial and, inside the stem, its final and a vowel that may stand for its own; the stem's last syllable
 * may change its final (and, after no final or ㅅ/ㅎ, its vowel) as inflection does. A syllable may also
 * absorb an 아/어/여/이 that follows it in the term (이루어 → 이뤄), and gain the ㄹ of a 르 that follows (모르 → 몰라).
 */
function matchesAt(pattern: Pattern, t: number, word: Int32Array, at: number): boolean {
  const { letters, vowels } = pattern;
  if (t === letters.length) return true;
  if (at === word.length) return false;
  const want = letters[t]!;
  const have = word[at]!;
  if (want < 0) return want === have && matchesAt(pattern, t + 1, word, at + 1);
  if (have < 0 || initialOf(have) !== initialOf(want)) return false;
  const next = letters[t + 1];
  const wantFinal = finalOf(want);
  const sameVowel = vowelOf(have) === vowelOf(want);
  const vowelInClass = has(vowels[vowelOf(want)]!, vowelOf(have));
  if (next === undefined)
    return has(CHANGING_FINALS, wantFinal) ? (has(CONTRACTING_FINALS, wantFinal) ? vowelInClass : sameVowel) : sameVowel && finalOf(have) !== 0;
  if (!vowelInClass) return false;
  const haveFinal = finalOf(have);
  if ((haveFinal === wantFinal || (wantFinal === 0 && haveFinal === FINAL_ㄹ && next === SYLLABLE_르)) && matchesAt(pattern, t + 1, word, at + 1)) return true;
  return next >= 0 && initialOf(next) === INITIAL_ㅇ && has(CONTRACTING_VOWELS, vowelOf(next)) && matchesAt(pattern, t + 2, word, at + 1);
}

const LONE_ㅎ = letterKey('ㅎ'.charCodeAt(0));

/** What a word must show for a morpheme: all its letters, less a final 하 that may merge or vanish. */
function morphemePattern(term: string): Pattern {
  const letters = lettersOf(term);
  const last = letters[letters.length - 1]!;
  const mayVanish = letters.length > 1 && (last === LONE_ㅎ || (last >= 0 && initialOf(last) === INITIAL_ㅎ));
  return {
    letters: mayVanish ? letters.subarray(0, -1) : letters,
    vowels: letters.length > 1 ? LONG_TERM_VOWELS : SHORT_TERM_VOWELS,
    head: headOf(letters[0]!),
  };
}

/** True when `normalize` would return `word` as it is: only Hangul syllables and ASCII without capitals (most words). */
function isNormalized(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 128 ? code < SYLLABLE_FIRST || code > SYLLABLE_LAST : code >= 0x41 && code <= 0x5a) return false;
  }
  return true;
}

/** Whether a term holds a space (a user dictionary entry): such terms are matched over whole values, not words. */
export function termsSpanWords(terms: Iterable<string>): boolean {
  for (const term of terms) if (/\s/u.test(term)) return true;
  return false;
}

/**
 * A test for one word (a whitespace-delimited stretch of the original text): false only when the word
 * cannot hold any of `terms` (index keys: morphemes, compounds, `BIGRAM_PREFIX` + bigram). Null when
 * words cannot be tested alone (a term spans a space, as a user dictionary entry may).
 */
export function wordFilter(terms: ReadonlySet<string>): ((word: string) => boolean) | null {
  if (termsSpanWords(terms)) return null;
  const exact: string[] = [];
  const patterns: Pattern[] = [];
  for (const term of terms) {
    if (term.startsWith(BIGRAM_PREFIX)) exact.push(term.slice(BIGRAM_PREFIX.length));
    else if (term.length > 0) patterns.push(morphemePattern(term));
  }
  return (word) => {
    const normalized = isNormalized(word) ? word : normalize(word).text;
    const text = normalized.includes(',') ? normalized.replace(DIGIT_GROUP_SEPARATOR, '') : normalized;
    for (const e of exact) if (text.includes(e)) return true;
    if (patterns.length === 0) return false;
    const letters = lettersOf(text);
    for (let at = 0; at < letters.length; at++) {
      const head = headOf(letters[at]!);
      for (const pattern of patterns) if (pattern.head === head && matchesAt(pattern, 0, letters, at)) return true;
    }
    return false;
  };
}
