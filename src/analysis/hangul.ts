// Hangul syllable and jamo helpers for analysis and query expansion, built on es-hangul.
import { canBeChoseong, disassemble, getChoseong } from 'es-hangul';

/** Complete Hangul syllables, U+AC00 가 … U+D7A3 힣. */
export const SYLLABLE_FIRST = 0xac00;
export const SYLLABLE_LAST = 0xd7a3;
/** Hangul compatibility jamo, U+3131 ㄱ … U+318E ㆎ (U+3164, the Hangul filler, is not a letter). */
export const COMPAT_JAMO_FIRST = 0x3131;
export const COMPAT_JAMO_LAST = 0x318e;
const HANGUL_FILLER = 0x3164;

export function isSyllableCode(code: number): boolean {
  return code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST;
}

export function isCompatJamoCode(code: number): boolean {
  return code >= COMPAT_JAMO_FIRST && code <= COMPAT_JAMO_LAST && code !== HANGUL_FILLER;
}

/** True when every character is a complete syllable: `'검색'` → true, `'검ㅅ'` → false. */
export function isAllSyllables(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isSyllableCode(text.charCodeAt(i))) return false;
  return true;
}

/** Letters as jamo, complex vowels and finals split: `'검색'` → `'ㄱㅓㅁㅅㅐㄱ'`, `'과닭'` → `'ㄱㅗㅏㄷㅏㄹㄱ'`. Other characters pass through. */
export function toJamo(text: string): string {
  return disassemble(text);
}

/** Initial consonants of each syllable: `'검색엔진'` → `'ㄱㅅㅇㅈ'`. Lone jamo are kept, other characters dropped. */
export function chosungOf(text: string): string {
  return getChoseong(text);
}

/** Only initial consonants, as typed for chosung search: `'ㄱㅅ'` → true, `'ㄳ'` → false (never an initial), `'검'` → false. */
export function isChosungOnly(text: string): boolean {
  if (text.length === 0) return false;
  for (const ch of text) if (!canBeChoseong(ch)) return false;
  return true;
}

/** A word still being composed: syllables followed by one lone jamo, `'장바ㄱ'` → true, `'장박'` → false, `'ㄱ'` → false. */
export function hasPartialLastSyllable(text: string): boolean {
  const n = text.length;
  return n >= 2 && isCompatJamoCode(text.charCodeAt(n - 1)) && isSyllableCode(text.charCodeAt(n - 2));
}

// Conjoining jamo (U+1100 block) → compatibility jamo. es-hangul has no such table, and NFKC goes
// the other way (ㄱ → U+1100), so the three modern series are spelled out here in Unicode order.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'; // U+1100 … U+1112
const FINALS = 'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'; // U+11A8 … U+11C2
const MEDIAL_FIRST = 0x1161; // ᅡ … ᅵ (U+1175) map one to one onto ㅏ … ㅣ (U+314F …)

/**
 * The compatibility jamo for a conjoining jamo, `'\u1100'` (ᄀ) → `'ㄱ'`, `'\u11A8'` (ᆨ) → `'ㄱ'`;
 * fillers (U+115F, U+1160) → `''`; anything else → null.
 */
export function toCompatibilityJamo(code: number): string | null {
  if (code >= 0x1100 && code <= 0x1112) return INITIALS[code - 0x1100] ?? null;
  if (code >= MEDIAL_FIRST && code <= 0x1175) return String.fromCharCode(0x314f + code - MEDIAL_FIRST);
  if (code >= 0x11a8 && code <= 0x11c2) return FINALS[code - 0x11a8] ?? null;
  if (code === 0x115f || code === 0x1160) return '';
  return null;
}
