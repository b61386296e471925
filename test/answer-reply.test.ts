// Replies: particles after Hangul, numbers, units, Latin words and parentheses; reply and abstention wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withParticle } from '../src/answer/particles.ts';
import { analyzeQuestion } from '../src/answer/question.ts';
import { renderAbstention, renderReply } from '../src/answer/reply.ts';

test('은/는 and 이/가 follow the final sound, whatever the script', () => {
  const rows: ReadonlyArray<readonly [string, string, string]> = [
    ['임종석', '임종석은', '임종석이'],
    ['노아', '노아는', '노아가'],
    ['1989년 2월 15일', '1989년 2월 15일은', '1989년 2월 15일이'],
    ['3', '3은', '3이'], // 삼
    ['2', '2는', '2가'], // 이
    ['2010', '2010은', '2010이'], // 이천십
    ['1000', '1000은', '1000이'], // 천
    ['45~46cm', '45~46cm는', '45~46cm가'], // 센티미터
    ['5kg', '5kg은', '5kg이'], // 킬로그램
    ['서울(한국)', '서울(한국)은', '서울(한국)이'], // the parenthesis is not read first
    ['Kachi', 'Kachi는', 'Kachi가'],
    ['Google', 'Google은', 'Google이'], // 구글
  ];
  for (const [word, topic, subject] of rows) {
    assert.equal(withParticle(word, '은/는'), topic);
    assert.equal(withParticle(word, '이/가'), subject);
  }
});

test('이에요/예요 and 으로/로 (ㄹ takes 로)', () => {
  assert.equal(withParticle('학생회관 건물 계단', '이에요/예요'), '학생회관 건물 계단이에요');
  assert.equal(withParticle('하나님', '이에요/예요'), '하나님이에요');
  assert.equal(withParticle('창세기', '이에요/예요'), '창세기예요');
  assert.equal(withParticle('서울', '으로/로'), '서울로');
  assert.equal(withParticle('부산항', '으로/로'), '부산항으로');
});

test('a sure Korean answer repeats the topic; a likely one says so with 이/가', () => {
  const q = analyzeQuestion('임종석을 검거한 장소는 어디인가?');
  assert.equal(
    renderReply(q, '학생회관 건물 계단', 1, 0.9),
    '임종석을 검거한 장소는 학생회관 건물 계단이에요. [1]',
  );
  assert.equal(renderReply(q, '학생회관 건물 계단', 2, 0.3), '학생회관 건물 계단이 답인 것 같아요. [2]');
  const long = analyzeQuestion(
    '1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의로 지명수배된 사람의 이름은?',
  );
  assert.equal(renderReply(long, '임종석', 1, 0.9), '임종석이에요. [1]');
  const why = analyzeQuestion('수생생물이 폐사하는 원인은?');
  assert.equal(renderReply(why, '급격한 삼투압 변화', 1, 0.9), '급격한 삼투압 변화 때문이에요. [1]');
  assert.equal(renderReply(why, '지역 농산물을 알리기 위해', 1, 0.9), '지역 농산물을 알리기 위해서요. [1]');
  assert.equal(renderReply(why, '비가 와서', 1, 0.3), '아마 비가 와서요. [1]');
});

test('English questions get English replies, and abstention is said plainly', () => {
  const q = analyzeQuestion('Who designed the library?');
  assert.equal(renderReply(q, '이서연', 1, 0.9), 'The answer is 이서연. [1]');
  assert.equal(renderReply(q, '이서연', 1, 0.3), 'It looks like 이서연. [1]');
  assert.match(renderAbstention('ko'), /^문서에서 답을 찾지 못했어요/u);
  assert.match(renderAbstention('en'), /^I couldn't find the answer in the documents/u);
});
