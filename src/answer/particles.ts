// Korean particles after any answer: es-hangul's josa for Hangul, and the spoken ending of numbers, Latin words and units.
import { josa } from 'es-hangul';

type JosaOption = Parameters<typeof josa.pick>[1];

// How the last digit is read: 1 일 (ㄹ), 2 이, 3 삼 (ㅁ), 6 육, 7 칠, 8 팔, 0 영 … and round numbers by their
// last unit: 10 십, 100 백, 1000 천, 10000 만.
const DIGIT_READING = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];
// Latin units and symbols read in Korean: cm 센티미터, kg 킬로그램, % 퍼센트.
const UNIT_READING: Record<string, string> = {
  cm: '미터',
  mm: '미터',
  km: '미터',
  m: '미터',
  kg: '그램',
  g: '그램',
  mg: '그램',
  l: '리터',
  ml: '리터',
  '%': '퍼센트',
  $: '달러',
  '℃': '도',
};

/** The Hangul syllable that sounds like the end of `word`, for choosing its particle. */
function spokenEnding(word: string): string {
  // A closing parenthetical is not read aloud first: 서울(한국) → 서울.
  const text =
    word.replace(/\s*[([（][^)\]）]*[)\]）]\s*$/u, '').replace(/["'”’」』》〉)\]\s.]+$/u, '') || word;
  const last = text[text.length - 1] ?? '';
  if (/[가-힣]/u.test(last)) return last;
  const unit = /([a-z%$℃]+)$/iu.exec(text)?.[1]?.toLowerCase();
  if (unit !== undefined && UNIT_READING[unit] !== undefined && /\d\s*[a-z%$℃]+$/iu.test(text))
    return UNIT_READING[unit].slice(-1);
  const digits = /(\d+)$/u.exec(text)?.[1];
  if (digits !== undefined) {
    const zeros = /0+$/u.exec(digits)?.[0].length ?? 0;
    if (digits !== '0' && zeros > 0) return zeros >= 4 ? '만' : ['십', '백', '천'][zeros - 1]!;
    return DIGIT_READING[Number(digits[digits.length - 1])]!;
  }
  // Latin words: a final consonant sound (Bob, Kim, Google → 구글) is approximated by the last letter.
  if (/[a-z]$/iu.test(text))
    return /(?:[bkmnpt]|ng|ck)$/iu.test(text) ? '갑' : /(?:l|le)$/iu.test(text) ? '갈' : '가';
  return '가';
}

/**
 * The word followed by the right form of a particle.
 * @example withParticle('임종석', '은/는') // → '임종석은'
 * @example withParticle('1989년 2월 15일', '이에요/예요') // → '1989년 2월 15일이에요'
 * @example withParticle('2010', '이/가') // → '2010이' (이천십: ㅂ)
 * @example withParticle('45~46cm', '이에요/예요') // → '45~46cm예요' (센티미터)
 */
export function withParticle(word: string, particle: JosaOption): string {
  return word + josa.pick(spokenEnding(word), particle);
}
