// Format parsers and encoding detection: each format's text, headings, titles and pages, on generated
// documents and on the real HWP/HWPX samples in ../shared/fixtures/hwp.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeText } from '../src/ingest/encoding.ts';
import { extractDocument } from '../src/ingest/extract.ts';
import { IngestProblem } from '../src/ingest/problems.ts';
import type { Format } from '../src/ingest/types.ts';
import { makeDocx, makeEncryptedDocx, makeEncryptedPdf, makeKoreanPdf, makePdf, markHwpEncrypted, markHwpxEncrypted, truncate } from './fixtures/ingest/make-documents.ts';

const HWP = new URL('../../shared/fixtures/hwp/', import.meta.url);
const sample = (name: string): Buffer => readFileSync(new URL(name, HWP));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const textOf = async (bytes: Uint8Array, format: Format): Promise<string> => (await extractDocument(bytes, format)).blocks.map((block) => block.text).join('\n');

async function problemOf(bytes: Uint8Array, format: Format): Promise<string> {
  try {
    await extractDocument(bytes, format);
  } catch (error) {
    assert.ok(error instanceof IngestProblem, `expected an IngestProblem, got ${String(error)}`);
    return error.reason;
  }
  return 'no problem';
}

test('encoding: BOMs, strict UTF-8, then CP949 (EUC-KR and its extra syllables)', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['utf-8', utf8('한글 문서'), '한글 문서'],
    ['utf-8', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('한글')]), '한글'],
    ['utf-16le', new Uint8Array([0xff, 0xfe, ...iconv.encode('한글 UTF-16', 'utf-16le')]), '한글 UTF-16'],
    ['utf-16be', new Uint8Array([0xfe, 0xff, ...iconv.encode('한글', 'utf-16be')]), '한글'],
    ['cp949', iconv.encode('완성형 한글 문서', 'euc-kr'), '완성형 한글 문서'],
    // 똠 and 뷁 exist only in CP949 (UHC), which is why every EUC-KR label decodes as CP949.
    ['cp949', iconv.encode('똠방각하 뷁', 'cp949'), '똠방각하 뷁'],
  ];
  for (const [encoding, bytes, text] of cases) assert.deepEqual(decodeText(bytes), { text, encoding }, encoding);
  assert.equal(decodeText(iconv.encode('한글', 'cp949'), 'EUC-KR').text, '한글', 'a declared charset is used');
  assert.equal(decodeText(utf8('한글'), 'euc-kr').encoding, 'cp949', 'a declared charset beats the guess');
});

test('txt and md: paragraphs, headings with levels, code fences that are not headings, front matter dropped', async () => {
  assert.equal(await textOf(utf8('첫 문단\n이어짐\n\n둘째 문단'), 'txt'), '첫 문단\n이어짐\n둘째 문단');
  const md = await extractDocument(utf8('---\ntitle: x\n---\n# 까치 안내\n\n소개 문단\n\n## 설치\n\n```\n# 주석이지 제목이 아님\n```\n\n설정\n===\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |'), 'md');
  assert.equal(md.title, '까치 안내');
  assert.deepEqual(
    md.blocks.map((block) => [block.kind, block.level ?? 0, block.text]),
    [['heading', 1, '까치 안내'], ['paragraph', 0, '소개 문단'], ['heading', 2, '설치'], ['paragraph', 0, '# 주석이지 제목이 아님'], ['heading', 1, '설정'], ['paragraph', 0, '| 가 | 나 |'], ['paragraph', 0, '| 1 | 2 |']],
  );
});

test('html: the main content without menus and footers, with title and headings; EUC-KR through <meta>', async () => {
  const page = `<html><head><title>까치 안내</title></head><body><nav>홈 | 메뉴 | 로그인</nav><article><h1>까치 검색</h1>
    <p>까치는 한국어 검색 엔진입니다. 형태소 분석으로 조사를 떼어 냅니다.</p><h2>설치</h2><p>npm 으로 설치합니다. 설정 파일은 필요 없습니다.</p></article>
    <footer>저작권 까치</footer></body></html>`;
  const doc = await extractDocument(utf8(page), 'html');
  assert.equal(doc.title, '까치 안내');
  const text = doc.blocks.map((block) => block.text).join('\n');
  assert.match(text, /형태소 분석/);
  assert.doesNotMatch(text, /로그인|저작권/, 'navigation and footer are not content');
  assert.ok(doc.blocks.some((block) => block.kind === 'heading' && block.text === '설치'));
  const euckr = iconv.encode('<html><head><meta charset="euc-kr"><title>옛 문서</title></head><body><p>완성형 인코딩으로 쓴 옛날 문서입니다.</p></body></html>', 'cp949');
  assert.equal((await extractDocument(euckr, 'html')).title, '옛 문서');
});

test('pdf: text per page with page numbers; Korean through a ToUnicode CMap; metadata title', async () => {
  const latin = await extractDocument(await makePdf(['Search engines index documents.', 'Page two talks about passages.'], 'Kachi manual'), 'pdf');
  assert.equal(latin.title, 'Kachi manual');
  assert.deepEqual(latin.blocks.map((block) => [block.page, block.text]), [[1, 'Search engines index documents.'], [2, 'Page two talks about passages.']]);
  const korean = await extractDocument(await makeKoreanPdf(['한국어 검색 엔진 까치', '둘째 쪽: 형태소 분석']), 'pdf');
  assert.deepEqual(korean.blocks.map((block) => [block.page, block.text]), [[1, '한국어 검색 엔진 까치'], [2, '둘째 쪽: 형태소 분석']]);
});

test('docx: headings from paragraph styles, the core title, body text', async () => {
  const doc = await extractDocument(makeDocx([['h1', '취업 규칙'], ['p', '이 규칙은 직원의 근무 조건을 정한다.'], ['h2', '제2조 근무 시간'], ['p', '근무 시간은 9시부터 18시까지이다.']], '사내 규정'), 'docx');
  assert.equal(doc.title, '사내 규정');
  assert.deepEqual(doc.blocks.map((block) => [block.kind, block.text]), [
    ['heading', '취업 규칙'], ['paragraph', '이 규칙은 직원의 근무 조건을 정한다.'], ['heading', '제2조 근무 시간'], ['paragraph', '근무 시간은 9시부터 18시까지이다.'],
  ]);
});

test('hwp and hwpx: the real samples give the same Korean text and the summary title', async () => {
  for (const format of ['hwp', 'hwpx'] as const) {
    const intro = await extractDocument(sample(`selfintroduce.${format}`), format);
    assert.equal(intro.title, '나를 소개 합니다', format);
    const text = intro.blocks.map((block) => block.text).join('\n');
    assert.match(text, /텃밭을 가꾸면서/, format);
    assert.match(text, /微笑天使/, `${format}: hanja kept`);
    assert.match(await textOf(sample(`example.${format}`), format), /군위신강: 임금과 신하 사이에 마땅히 지켜야 할 도리/, format);
    assert.match(await textOf(sample(`footnote-endnote.${format}`), format), /각주 두 번째입니다/, `${format}: notes`);
  }
  assert.equal((await extractDocument(sample('hwpSummaryInformation.hwpx'), 'hwpx')).title, '문서요약 테스트 제목');
  // Table captions: hwpx reads every <hp:t>; the HWP converter leaves them out (a known hwpjs limit).
  assert.match(await textOf(sample('table2.hwpx'), 'hwpx'), /위 캡션/);
  const outline = (await extractDocument(sample('lists.hwpx'), 'hwpx')).blocks.filter((block) => block.kind === 'heading');
  assert.ok(outline.some((block) => block.text === '3-2-1' && block.level === 3), 'outline levels become heading levels');
});

test('csv, json and jsonl: one paragraph per row or record, with field names', async () => {
  const csv = await extractDocument(iconv.encode('이름,부서,메모\n김철수,인사팀,"쉼표, 따옴표 ""포함"""\n', 'cp949'), 'csv');
  assert.deepEqual(csv.blocks.map((block) => block.text), ['이름: 김철수\n부서: 인사팀\n메모: 쉼표, 따옴표 "포함"']);
  const json = await extractDocument(utf8(JSON.stringify({ title: '공지', body: { text: '휴가 신청은 다음 주까지' }, tags: ['인사', '휴가'] })), 'json');
  assert.equal(json.title, '공지');
  assert.equal(json.blocks[0]?.text, 'title: 공지\nbody.text: 휴가 신청은 다음 주까지\ntags: 인사, 휴가');
  assert.equal((await extractDocument(utf8('{"q":"가"}\n\n{"q":"나"}\n'), 'jsonl')).blocks.length, 2);
});

test('damaged and protected files: each reason is told apart', async () => {
  const docx = makeDocx([['p', '본문']]);
  const pdf = await makePdf(['text']);
  const cases: Array<[string, Uint8Array, Format, string]> = [
    ['corrupt docx', utf8('not a zip at all'), 'docx', 'corrupt'],
    ['truncated docx', truncate(docx), 'docx', 'truncated'],
    ['encrypted docx', makeEncryptedDocx(), 'docx', 'encrypted'],
    ['corrupt pdf', utf8('%PDF-1.7 garbage garbage\n%%EOF\n'), 'pdf', 'corrupt'],
    ['truncated pdf', truncate(pdf), 'pdf', 'truncated'],
    ['encrypted pdf', await makeEncryptedPdf(), 'pdf', 'encrypted'],
    ['corrupt hwp', utf8('HWP? no.'), 'hwp', 'corrupt'],
    ['truncated hwp', truncate(sample('example.hwp'), 0.3), 'hwp', 'truncated'],
    ['encrypted hwp', markHwpEncrypted(sample('example.hwp')), 'hwp', 'encrypted'],
    ['truncated hwpx', truncate(sample('example.hwpx')), 'hwpx', 'truncated'],
    ['encrypted hwpx', markHwpxEncrypted(sample('example.hwpx')), 'hwpx', 'encrypted'],
    ['truncated json', utf8('{"title": "끝나지 않은'), 'json', 'truncated'],
    ['broken jsonl line', utf8('{"a":1}\n{oops}\n{"b":2}\n'), 'jsonl', 'corrupt'],
    ['binary txt', new Uint8Array([0x80, 0x81, 0xff, 0xfe, 0x00, 0x9a, 0xff, 0xff]), 'txt', 'encoding'],
  ];
  for (const [name, bytes, format, reason] of cases) assert.equal(await problemOf(bytes, format), reason, name);
});
