// Question analysis: golden tables of question → type, cue, particle, counter, head and topic, Korean and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeQuestion, type QuestionType } from '../src/answer/question.ts';

function types(rows: ReadonlyArray<readonly [string, QuestionType]>) {
  for (const [question, type] of rows) assert.equal(analyzeQuestion(question).type, type, question);
}

test('누가/누구 and person head nouns ask for a person', () => {
  types([
    ['한빛전자의 창업자는 누구인가?', 'person'],
    ['누가 바다 도서관을 설계했나요?', 'person'],
    ['1989년 평양축전에 대표로 파견된 인물은?', 'person'],
    ['지명수배된 사람의 이름은?', 'person'],
    ['개헌안을 비판한 원로 헌법학자는?', 'person'],
  ]);
});

test('언제/몇 년 and date head nouns ask for a date; 몇 년 동안 asks for a quantity', () => {
  types([
    ['한빛전자는 언제 설립되었나요?', 'date'],
    ['헤이그가 퇴역한 년도는 몇년도입니까?', 'date'],
    ['첫 축제는 몇 년에 열렸나?', 'date'],
    ['지명수배 된 날은?', 'date'],
    ['알렉산더 헤이그의 생년월일은?', 'date'],
    ['헤이그는 나토에서 몇 년 동안 있었나?', 'quantity'],
  ]);
});

test('어디 and place head nouns ask for a place; 어느 나라 too', () => {
  types([
    ['바다 도서관은 어디에 있나요?', 'place'],
    ['임종석이 인계된 곳은 어딘가?', 'place'],
    ['월드컵을 개최한 나라는?', 'place'],
    ['정상회의는 어느 나라에서 열렸나?', 'place'],
  ]);
});

test('얼마/몇 + counter ask for a quantity and keep the counter', () => {
  types([
    ['소장 도서는 몇 권인가?', 'quantity'],
    ['2020년 매출은 얼마였나?', 'quantity'],
    ['노아의 방주는 몇층으로 되어 있었나?', 'quantity'],
  ]);
  assert.equal(analyzeQuestion('노아의 방주는 몇층으로 되어 있었나?').counter, '층');
  assert.equal(analyzeQuestion('관광객은 몇 명인가?').counter, '명');
  assert.equal(analyzeQuestion('선박의 길이는 몇m인가?').counter, 'm');
});

test('무엇/어떤/무슨 ask for an entity; the asked noun becomes the head', () => {
  types([
    ['한빛전자의 주력 제품은 무엇인가?', 'entity'],
    ['헤이그는 어떤 직책을 맡았는가?', 'entity'],
    ['회고록의 제목은?', 'entity'],
  ]);
  assert.equal(analyzeQuestion('헤이그는 어떤 직책을 맡았는가?').head, '직책');
  assert.equal(analyzeQuestion('헤이그는 어느 대통령의 밑에서 일했나?').head, '대통령');
  assert.equal(analyzeQuestion('정동춘이 이사장인 재단의 이름은 무엇인가?').head, '재단');
});

test('왜/이유 ask for a reason, 어떻게/방법 for a manner', () => {
  types([
    ['축제가 시작된 이유는?', 'reason'],
    ['왜 도서관은 월요일에 쉬나?', 'reason'],
    ['도서관에 어떻게 가나요?', 'manner'],
  ]);
});

test('the particle on the wh-word and the topic for the reply', () => {
  assert.equal(analyzeQuestion('누가 바다 도서관을 설계했나요?').particle, '가');
  assert.equal(analyzeQuestion('노아는 누구의 명령에 따라 배를 만들었나?').particle, '의');
  assert.equal(analyzeQuestion('임종석을 검거한 장소는 어디인가?').topic, '임종석을 검거한 장소');
  assert.equal(analyzeQuestion('한빛전자의 창업자는?').topic, '한빛전자의 창업자');
});

test('English questions are detected and typed', () => {
  const rows: ReadonlyArray<readonly [string, QuestionType]> = [
    ['Who founded Hanbit Electronics?', 'person'],
    ['When did the festival start?', 'date'],
    ['Where is the library?', 'place'],
    ['How many books does it hold?', 'quantity'],
    ['Why does it close on Mondays?', 'reason'],
    ['What is the main product?', 'entity'],
  ];
  for (const [question, type] of rows) {
    const q = analyzeQuestion(question);
    assert.equal(q.language, 'en', question);
    assert.equal(q.type, type, question);
  }
  assert.equal(analyzeQuestion('Kachi는 무엇인가?').language, 'ko');
});
