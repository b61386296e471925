// Question analysis: language, answer type from the wh-word or the head noun, the cue's particle and counter, and the topic.

/** What kind of phrase answers the question. */
export type QuestionType = 'person' | 'date' | 'place' | 'quantity' | 'entity' | 'reason' | 'manner';

export interface QuestionAnalysis {
  text: string;
  language: 'ko' | 'en';
  type: QuestionType;
  /** The wh-word or head noun that decided the type: `누구`, `어디`, `몇`, `이름` … (null when guessed). */
  cue: string | null;
  /** The particle right after the wh-word: `누가` → `가`, `무엇을` → `을`, `어디에서` → `에서`; '' when none. */
  particle: string;
  /** The counter after 몇/얼마: `몇 명` → `명`, `몇층` → `층`, `몇m` → `m`. */
  counter: string | null;
  /**
   * The noun the answer is an instance of: `어느 대통령` → 대통령, `지적한 원로 헌법학자는?` → 헌법학자,
   * `재단의 이름은?` → 재단. Answers often end with it (로널드 레이건 대통령) or stand beside it (헌법학자인 허영).
   */
  head: string | null;
  /**
   * The question's subject, to repeat in the reply, when the question is `TOPIC은/는 …?`:
   * `임종석을 검거한 장소는 어디인가?` → `임종석을 검거한 장소`.
   */
  topic: string | null;
}

// Head nouns of `…한 X은?` questions, by the answer type they ask for (KorQuAD's most frequent heads).
const HEADS: ReadonlyArray<[QuestionType, RegExp]> = [
  ['reason', /^(?:이유|원인|까닭|계기|배경)$/u],
  ['manner', /^(?:방법|방식|수단)$/u],
  ['date', /^(?:해|연도|년도|날|날짜|일자|시기|때|시점|연대|생년월일|생일|년|달|요일|시각|기념일)$/u],
  ['place', /^(?:곳|장소|나라|국가|지역|도시|위치|지방|마을|섬|고향|출신지|출생지|본사|수도|지점|동네)$/u],
  [
    'quantity',
    /^(?:수|개수|갯수|숫자|나이|금액|액수|가격|비용|용량|기간|시간|규모|인구|면적|길이|높이|거리|비율|점수|횟수|순위|등수|크기|무게|속도|온도|득표율|지지율|인원|매출|연봉|주급|배수량)$/u,
  ],
  [
    'person',
    /^(?:사람|인물|누구|선수|대통령|가수|감독|정치인|분|본명|왕|황제|작가|배우|주인공|아들|딸|아버지|어머니|부인|아내|남편|형|동생|학자|교수|장군|의원|총리|장관|회장|사장|멤버|코치|저자|작곡가|작사가|화가|시인|위원장|후보|국왕|여왕|교황|창시자|설립자|창업자|발명가|발견자|제작자|연출가|프로듀서|상대|인사|친구|스승|제자|부모|할아버지|후계자|대표|총장|위원|기자|여자|남자|여성|남성)$/u,
  ],
];
// Compound heads written as one word: 헌법학자, 야구선수, 개최도시, 발표연도.
const HEAD_SUFFIXES: ReadonlyArray<[QuestionType, RegExp]> = [
  [
    'person',
    /(?:학자|교수|선수|감독|작가|배우|가수|대통령|의원|장관|총리|회장|사장|황제|인물|장군|위원장|코치|작곡가|화가|시인)$/u,
  ],
  ['place', /(?:나라|국가|도시|지역|장소|지방)$/u],
  ['date', /(?:연도|년도|날짜|일자|시기)$/u],
];
const PERSON_HEAD = HEADS.find(([type]) => type === 'person')![1];
const HEAD_TYPE_CACHE = new Map<string, QuestionType>();

/** The type a head noun asks for: `장소` → place, `인물` → person, `제목` → entity. */
export function typeOfHead(noun: string): QuestionType {
  let type = HEAD_TYPE_CACHE.get(noun);
  if (type === undefined) {
    type =
      HEADS.find(([, pattern]) => pattern.test(noun))?.[0] ??
      HEAD_SUFFIXES.find(([, pattern]) => pattern.test(noun))?.[0] ??
      'entity';
    HEAD_TYPE_CACHE.set(noun, type);
  }
  return type;
}

const PARTICLE =
  '(?:에서|에게|으로|로|에|의|을|를|이|가|은|는|와|과|도|만|라고|이라고|이라|라|인|이었|였|일|입)?';
// Wh-words, most specific first; `(?<![가-힣])` keeps 몇 out of 몇몇 … and 누구 out of 누구나 is not needed.
const WH: ReadonlyArray<[QuestionType, RegExp]> = [
  ['reason', /(?<![가-힣])왜(?![가-힣])|무엇\s*때문/u],
  ['manner', /(?<![가-힣])어떻게/u],
  ['date', /(?<![가-힣])언제/u],
  ['person', /(?<![가-힣])(?:누구|누가|누군)/u],
  ['place', /(?<![가-힣])어(?:디|딘)/u],
  ['quantity', /(?<![가-힣])(?:몇|얼마)/u],
  ['entity', /(?<![가-힣])(?:무엇|무얼|뭐|뭘|무슨|어떤|어떠한|어느|어떻|어떨)/u],
];
// Counters after 몇, longest first: 몇년도입니까 → 년도, 몇번째 → 번째, 몇 명의 → 명.
const COUNTER =
  /^(?:[A-Za-z]+|년도|연도|년대|년|세기|개월|월|일|시간|시|분|초|명|개국|개|층|번째|번|살|세|회|차|위|등|조|권|편|곳|군데|가지|배|점|골|표|석|대|마리|척|채|주|달|퍼센트|%)/u;
const DATE_COUNTER = /^(?:년도|연도|년|월|일|세기|년대|시|분기|학기|회계연도|요일|차)$/u;

/**
 * @example analyzeQuestion('임종석을 검거한 장소는 어디인가?')
 * // → {type: 'place', cue: '어디', particle: '인', head: '장소', topic: '임종석을 검거한 장소', …}
 * @example analyzeQuestion('노아의 방주는 몇층으로 구성되어 있었는가?') // → {type: 'quantity', cue: '몇', counter: '층', …}
 * @example analyzeQuestion('1989년 6월 30일 평양축전에 대표로 파견 된 인물은?') // → {type: 'person', cue: '인물', …}
 */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const text = question.normalize('NFC').trim();
  if (isEnglish(text)) return analyzeEnglish(text);
  const base: QuestionAnalysis = {
    text,
    language: 'ko',
    type: 'entity',
    cue: null,
    particle: '',
    counter: null,
    head: null,
    topic: topicOf(text),
  };
  for (const [type, pattern] of WH) {
    const match = pattern.exec(text);
    if (!match) continue;
    const wh = match[0];
    const rest = text.slice(match.index + wh.length);
    if (wh === '몇' || wh === '얼마') {
      const word = /^\s*([가-힣%A-Za-z]+)/u.exec(rest)?.[1] ?? '';
      const counter = COUNTER.exec(word)?.[0] ?? null;
      const refined =
        counter !== null && DATE_COUNTER.test(counter) && !/(?:동안|간|만에|째)/u.test(text)
          ? 'date'
          : 'quantity';
      return { ...base, type: refined, cue: wh, counter, head: headNoun(text.slice(0, match.index)) };
    }
    if (/^(?:어떤|어떠한|어느|무슨)$/u.test(wh)) {
      // 어느 나라 asks for a place, 어떤 인물 for a person, 어떤 직책 for a thing (ending in 직책, often).
      const head = stripParticle(/^\s*([가-힣]+)/u.exec(rest)?.[1] ?? null);
      const asked = head === null ? 'entity' : typeOfHead(head);
      return { ...base, type: asked === 'reason' || asked === 'manner' ? 'entity' : asked, cue: wh, head };
    }
    const particle = IMPLIED_PARTICLE[wh] ?? new RegExp(`^${PARTICLE}`, 'u').exec(rest)?.[0] ?? '';
    // `회고록의 제목은 무엇인가?` asks what 제목 asks for; `사람의 이름은 무엇인가?` asks for a person.
    const head = headNoun(text.slice(0, match.index));
    const refined = type === 'entity' && head !== null ? typeOfHeadIn(head, text) : type;
    return { ...base, type: refined, cue: wh, particle, head: askedNoun(head, text.slice(0, match.index)) };
  }
  const head = headNoun(text);
  return head === null
    ? base
    : { ...base, type: typeOfHeadIn(head, text), cue: head, head: askedNoun(head, text) };
}

// Wh-words that carry their particle: 누가 = 누구 + 가.
const IMPLIED_PARTICLE: Record<string, string> = { 누가: '가', 뭘: '을', 무얼: '을' };

/** The noun a name is asked for: `재단의 이름은` → 재단, `강 이름은` → 강; other heads stay. */
function askedNoun(head: string | null, text: string): string | null {
  if (head === null || !/^(?:이름|명칭|제목|성명|본명|별명)$/u.test(head)) return head;
  return (
    /([가-힣]+?)(?:의)?\s*(?:이름|명칭|제목|성명|본명|별명)(?:은|는|이|가)?\s*\??\s*$/u.exec(text)?.[1] ??
    head
  );
}

/** A head noun's type in its question: 이름/명칭 ask for a person only after a person noun (사람의 이름은). */
function typeOfHeadIn(head: string, text: string): QuestionType {
  if (!/^(?:이름|성명|본명|별명|명칭)$/u.test(head)) return typeOfHead(head);
  const words = [...text.matchAll(/[가-힣]+/gu)].map((m) => stripParticle(m[0]) ?? '');
  return words.some((word) => PERSON_HEAD.test(word)) ? 'person' : 'entity';
}

function stripParticle(word: string | null): string | null {
  if (word === null) return null;
  return (
    word.replace(
      /(?:에서|에게|으로|로|에|의|을|를|이|가|은|는|와|과|도|만|이었|였|인가|인지|이다|짜리|정도)$/u,
      '',
    ) || word
  );
}

/** The noun before a final 은/는/이/가: `…지명수배된 날은?` → 날, `회고록의 제목은 ` → 제목. */
function headNoun(text: string): string | null {
  return /([가-힣]+?)(?:은|는|이|가)\s*\??\s*$/u.exec(text)?.[1] ?? null;
}

/**
 * `TOPIC은/는 …?` → TOPIC, when the rest only asks what it is (어디인가?, 누구예요?, or nothing: `…장소는?`),
 * so that `TOPIC은/는 ANSWER이에요` answers it: `임종석을 검거한 장소는 어디인가?` → 임종석을 검거한 장소;
 * `한빛전자는 언제 설립되었나요?` → null (its verb would be lost).
 */
function topicOf(text: string): string | null {
  const match =
    /^(.+?[가-힣A-Za-z0-9)])(?:은|는)\s+(?:어디|어딘|누구|무엇|언제|몇\s*[가-힣A-Za-z%]+|얼마)(?:인가|인지|일까|일까요|입니까|이었나|였나|이었는가|였는가|이에요|예요|야|이야|지|요|인가요|이었을까|였을까)?\s*\??\s*$/u.exec(
      text,
    ) ?? /^(.+?[가-힣A-Za-z0-9)])(?:은|는)\s*\?*$/u.exec(text);
  return match?.[1] ?? null;
}

function isEnglish(text: string): boolean {
  const hangul = (text.match(/[가-힣]/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]/gu) ?? []).length;
  return hangul === 0 && latin > 0;
}

const ENGLISH: ReadonlyArray<[QuestionType, RegExp]> = [
  ['reason', /\bwhy\b/iu],
  ['quantity', /\bhow\s+(?:many|much|long|old|far|big|tall|high)\b/iu],
  ['manner', /\bhow\b/iu],
  ['date', /\bwhen\b|\bwhat\s+(?:year|date|day|time)\b/iu],
  ['person', /\bwho(?:m|se)?\b/iu],
  ['place', /\bwhere\b/iu],
  ['entity', /\bwhat\b|\bwhich\b/iu],
];

const EMPTY_ENGLISH: QuestionAnalysis = {
  text: '',
  language: 'en',
  type: 'entity',
  cue: null,
  particle: '',
  counter: null,
  head: null,
  topic: null,
};

function analyzeEnglish(text: string): QuestionAnalysis {
  for (const [type, pattern] of ENGLISH) {
    const match = pattern.exec(text);
    if (match) return { ...EMPTY_ENGLISH, text, type, cue: match[0].toLowerCase() };
  }
  return { ...EMPTY_ENGLISH, text };
}
