// How well a candidate phrase fits the answer type the question asks for, from its POS tags: 0 (not at all) … 1.
import type { Candidate } from './candidates.ts';
import type { QuestionAnalysis } from './question.ts';

// 1989년 2월 15일, 12월 18일 오전, 1944년경, 12세기, 1980년대, 기원전 3세기 초.
const DATE =
  /^(?:기원전\s*|서기\s*)?(?:\d{1,4}\s*년(?:도)?\s*)?(?:\d{1,2}\s*월\s*)?(?:\d{1,2}\s*일\s*)?(?:\d{1,2}\s*세기\s*|\d{1,4}\s*년대\s*)?(?:경|초|말|중순|하순|상순|무렵|초반|중반|후반|이후|이전)?$/u;
// Suffixes of place names: 서울특별시, 경기도, 장안동, 한강, 설악산, 경희대학교 …
const PLACE_SUFFIX =
  /(?:시|도|군|구|동|읍|면|리|주|국|섬|산|강|역|항|궁|성|관|교|원|사|당|로|길|공원|호|만|반도|대륙|해|광장|청사|경기장|학교|대학교|대학|센터|빌딩|회관|본부|공항|터미널|지방|지역|마을|나라|대사관|호텔|병원|극장|박물관|미술관|아파트|계단|분실|사령부)$/u;
const PLACE_NAMES =
  /^(?:한국|대한민국|미국|일본|중국|영국|프랑스|독일|러시아|북한|남한|서울|부산|유럽|아시아|아프리카)$/u;
const NUMBER = /^(?:SN|NR)$/u;
// 한, 두, 세 … before a counter: 두 번째, 세 명.
const NATIVE_NUMERAL =
  /^(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|서른|마흔|쉰|수십|수백|수천|수만|몇)$/u;

function hasNumber(c: Candidate): boolean {
  return c.morphs.some((m) => NUMBER.test(m.pos) || (m.pos === 'MM' && NATIVE_NUMERAL.test(m.surface)));
}

function properShare(c: Candidate, sense: 'person' | 'place' | null = null): number {
  const content = c.morphs.filter((m) => !/^S[SCOY]|SF$/u.test(m.pos));
  if (content.length === 0) return 0;
  const proper = (m: Candidate['morphs'][number]) =>
    sense === null ? m.pos === 'NNP' || m.pos === 'SL' || m.pos === 'UNK' : m.sense === sense;
  return content.filter(proper).length / content.length;
}

// What a date question asks for: the year (연도는? 몇 년도?), the day (날짜는? 생년월일은?), or any date (언제?).
const YEAR_CUE = /^(?:연도|년도|해|년|년대)$/u;
const DAY_CUE = /^(?:날|날짜|일자|생년월일|생일|일)$/u;

function dateFit(c: Candidate, q: QuestionAnalysis): number {
  const text = c.text.trim();
  if (!DATE.test(text) || !/\d/u.test(text))
    return /\d\s*(?:년|월|일|세기)/u.test(text) ? 0.5 : hasNumber(c) ? 0.2 : 0;
  const cue = q.counter ?? q.head ?? q.cue ?? '';
  const parts = (/년/u.test(text) ? 1 : 0) + (/월/u.test(text) ? 1 : 0) + (/일/u.test(text) ? 1 : 0);
  if (YEAR_CUE.test(cue)) return /^\D*\d+\s*년(?:도)?\D*$/u.test(text) ? 1 : /년/u.test(text) ? 0.7 : 0.4;
  if (DAY_CUE.test(cue)) return parts >= 2 ? 0.9 + 0.05 * parts - 0.1 : 0.6;
  return 0.8 + 0.07 * parts;
}

/**
 * @example typeFit({ text: '1989년 2월 15일', … }, { type: 'date', … }) // → 1
 * @example typeFit({ text: '임종석', morphs: [임종석/NNP] }, { type: 'person', … }) // → 1
 */
export function typeFit(c: Candidate, q: QuestionAnalysis): number {
  if (c.kind === 'clause') return q.type === 'reason' ? 1 : 0;
  const last = c.morphs[c.morphs.length - 1];
  if (!last || (/^(?:NP|NNB)$/u.test(last.pos) && c.morphs.length === 1)) return 0;
  switch (q.type) {
    case 'date':
      return dateFit(c, q);
    case 'quantity': {
      if (!hasNumber(c)) return 0;
      if (q.counter !== null && c.text.includes(q.counter)) return 1;
      if (q.counter !== null) return 0.4;
      return last.pos === 'NNBC' || last.pos === 'SL' || /[%]$/u.test(c.text) ? 0.8 : 0.5;
    }
    case 'person': {
      // ko-dic marks the names it knows (인명); other proper nouns and unknown words may be names too.
      if (properShare(c, 'person') > 0) return 1;
      if (properShare(c, 'place') > 0) return 0.3;
      const share = properShare(c);
      if (share === 0) return hasNumber(c) ? 0 : 0.15;
      return 0.4 + 0.4 * share;
    }
    case 'place': {
      if (properShare(c, 'place') > 0 || PLACE_NAMES.test(c.text)) return 1;
      if (properShare(c, 'person') > 0) return 0.3;
      const share = properShare(c);
      if (PLACE_SUFFIX.test(c.text)) return share > 0 ? 1 : 0.7;
      return share > 0 ? 0.7 : hasNumber(c) ? 0.05 : 0.25;
    }
    case 'entity': {
      if (q.head !== null && c.text.endsWith(q.head) && c.text !== q.head) return 1;
      if (c.kind === 'quote') return 0.8;
      return hasNumber(c) && DATE.test(c.text.trim()) ? 0.2 : 0.5 + 0.2 * properShare(c);
    }
    default:
      // 왜/이유: a cause or purpose clause; 어떻게: any phrase
      if (q.type === 'reason') return 0.3;
      return 0.5;
  }
}
