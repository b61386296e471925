// Extractive answers through the real engine on a temp folder: spans by question type, offsets, evidence, abstention, filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerQuestion } from '../src/answer/ask.ts';
import type { KachiIndex, Engine } from '../src/engine-types.ts';
import { openEngine } from '../src/engine.ts';
import { tempDir } from './helpers/temp-engine.ts';

// A small Korean corpus made by the test itself: fictional places and companies.
const ANSWER_DOCS = [
  {
    id: 'hanbit',
    title: '한빛전자',
    text: '한빛전자는 1987년 3월 2일 대전에서 설립된 전자 회사이다. 창업자는 김민준이며, 본사는 대전광역시 유성구에 있다. 2020년 매출은 약 3.5조 원이었다. 주력 제품은 반도체 검사 장비이다.',
    topic: '회사',
  },
  {
    id: 'bada',
    title: '바다 도서관',
    text: '바다 도서관은 부산 해운대구에 있는 공공 도서관이다. 2015년에 문을 열었으며, 소장 도서는 약 12만 권이다. 도서관 설계는 건축가 이서연이 맡았다. 도서관은 매주 월요일에 쉰다.',
    topic: '도서관',
  },
  {
    id: 'festival',
    title: '까치 축제',
    text: '까치 축제는 매년 10월 강릉에서 열리는 가을 축제이다. 첫 축제는 2008년에 열렸다. 축제 기간에는 약 5만 명의 관광객이 찾는다. 축제는 지역 농산물을 알리기 위해 시작되었다.',
    topic: '축제',
  },
  {
    id: 'river',
    title: '푸른강',
    text: '푸른강은 강원도에서 시작해 서해로 흘러가는 강이다. 강의 길이는 약 320km이다. 강가에는 오래된 물레방아가 남아 있다.',
    topic: '자연',
  },
];

/** Creates `name` with the corpus above (`topic` filterable) and returns it. */
function addAnswerDocs(create: (uid: string) => KachiIndex, name = 'answers'): KachiIndex {
  const index = create(name);
  index.updateSettings({ filterableAttributes: ['topic'] });
  index.addDocuments(ANSWER_DOCS);
  return index;
}

const dir = tempDir();
let engine: Engine;
let index: KachiIndex;

before(() => {
  engine = openEngine({ dbPath: dir.path });
  index = addAnswerDocs((uid) => engine.createIndex(uid, { primaryKey: 'id' }));
});

after(() => {
  engine.close();
  dir.remove();
});

const ask = (question: string, extra: { filter?: string } = {}) =>
  answerQuestion(index, { question, ...extra }, { llm: null });

describe('extractive answers', () => {
  // Each row: question → the exact answer phrase (alternatives split by |) and its document, one per question type.
  const rows: ReadonlyArray<readonly [string, string, string]> = [
    ['한빛전자는 언제 설립되었나요?', '1987년 3월 2일', 'hanbit'], // 언제 → a date (SN + NNBC)
    ['한빛전자의 창업자는 누구인가?', '김민준', 'hanbit'], // 누구 → a person (NNP)
    ['바다 도서관을 설계한 건축가는?', '이서연', 'bada'], // a person head noun
    ['까치 축제는 어디에서 열리나?', '강릉', 'festival'], // 어디 → a place
    ['까치 축제에는 관광객이 몇 명 찾나?', '5만 명', 'festival'], // 몇 명 → a number with its counter
    ['푸른강의 길이는 얼마인가?', '320km|약 320km', 'river'], // 얼마 → a quantity (약 'about' may go either way)
  ];
  for (const [question, expected, id] of rows)
    it(`${question} → ${expected}`, async () => {
      const response = await ask(question);
      assert.equal(response.abstained, false, response.answer);
      assert.ok(
        expected.split('|').includes(response.answerSpan?.text ?? ''),
        `${response.answerSpan?.text} for ${expected}`,
      );
      assert.equal(response.answerSpan?.id, id);
      assert.equal(response.citations[0]?.id, id, 'the answer cites the document it comes from as [1]');
    });

  it('offsets index the field; the evidence sentence highlights the span; the reply cites it', async () => {
    const response = await ask('한빛전자의 창업자는 누구인가?');
    const span = response.answerSpan!;
    const doc = ANSWER_DOCS.find((d) => d.id === span.id)!;
    assert.equal(span.field, 'text');
    assert.equal(doc.text.slice(span.start, span.end), span.text);
    assert.equal(response.evidence?.text, '창업자는 김민준이며, 본사는 대전광역시 유성구에 있다.');
    assert.equal(doc.text.slice(response.evidence!.start, response.evidence!.end), response.evidence!.text);
    assert.equal(
      response.evidence?.highlighted,
      '창업자는 <em>김민준</em>이며, 본사는 대전광역시 유성구에 있다.',
    );
    assert.equal(response.answer, '한빛전자의 창업자는 김민준이에요. [1]');
    assert.equal(response.mode, 'extractive');
    assert.ok(response.confidence > 0.5 && response.confidence <= 1);
  });

  it('abstains when the documents do not hold the answer, and lists the closest passages', async () => {
    const response = await ask('화성 탐사선의 발사 비용은 얼마인가?');
    assert.equal(response.abstained, true);
    assert.equal(response.answerSpan, null);
    assert.match(response.answer, /^문서에서 답을 찾지 못했어요/u);
    // ("How …" is avoided: the engine's keyboard-layout expansion throws on "how", reported separately.)
    const english = await ask('What did the Mars probe cost?');
    assert.equal(english.abstained, true);
    assert.match(english.answer, /^I couldn't find the answer in the documents/u);
  });

  it('a filter limits the documents answers come from', async () => {
    const response = await ask('바다 도서관을 설계한 건축가는?', { filter: 'topic = 회사' });
    assert.ok(response.citations.every((c) => c.id === 'hanbit'));
    assert.notEqual(response.answerSpan?.id, 'bada');
  });

  it('rejects an empty question and a limit out of range', async () => {
    await assert.rejects(() => ask('  '), { code: 'bad_request' });
    await assert.rejects(() => answerQuestion(index, { question: '까치?', limit: 50 }, { llm: null }), {
      code: 'invalid_search_limit',
    });
  });
});
