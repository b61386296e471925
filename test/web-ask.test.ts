// The ask box ("AI 친구에게 물어보기") in headless Chromium against a real Kachi server on 127.0.0.1: a Korean
// question gets its answer, the evidence sentence with the answer marked, and numbered citations that open the
// passage the answer came from; a question the documents cannot answer gets the plain "no answer" message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openTab, screenshot, skipWithoutChromium, WAIT } from './helpers/chromium.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

/** Short Korean articles; two mention a 천문대, only one says who designed it. */
const PLACES = [
  {
    id: 'hanok',
    title: '솔바람 한옥마을',
    text: '솔바람 한옥마을은 전주 완산구에 있는 전통 마을이다. 마을에는 한옥 이백여 채가 모여 있다. 마을 입구의 정자는 1998년에 지어졌다.',
  },
  {
    id: 'observatory',
    title: '별빛 천문대',
    text: '별빛 천문대는 영월 봉래산 정상에 있는 시민 천문대이다. 2001년에 문을 열었으며, 주망원경의 지름은 80센티미터이다. 천문대 설계는 건축가 최유진이 맡았다.',
  },
  {
    id: 'science',
    title: '달빛 과학관',
    text: '달빛 과학관은 청주에 있는 어린이 과학관이다. 과학관 옥상에는 작은 천문대가 있다. 과학관 건물은 2010년에 완공되었다.',
  },
  {
    id: 'market',
    title: '동문 시장',
    text: '동문 시장은 제주시에 있는 오래된 재래시장이다. 시장은 1945년에 처음 열렸다. 시장에서는 귤과 옥돔이 많이 팔린다.',
  },
];
const QUESTION = '별빛 천문대를 설계한 건축가는 누구인가?';
const EVIDENCE = '천문대 설계는 건축가 최유진이 맡았다.';
const UNANSWERABLE = '국제 우주 정거장의 승무원은 몇 명인가?';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function ask(question: string): Promise<void> {
  await page.getByLabel('질문', { exact: true }).fill(question);
  await page.getByRole('button', { name: '물어보기' }).click();
  await page.locator('.ask-result article').waitFor(WAIT);
}

describe('the ask box in headless Chromium', { skip: skipWithoutChromium, timeout: 60_000 }, () => {
  before(async () => {
    delete process.env.KACHI_LLM_BASE_URL; // extractive answers, whatever the developer's environment says
    const launching = launchChromium();
    server = await startTestServer();
    await server.client.index('places').addDocuments(PLACES, { primaryKey: 'id' }).waitTask();
    browser = await launching;
    ({ context, page } = await openTab(browser));
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'AI 친구에게 물어보기' }).waitFor(WAIT);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('answers a Korean question, with the evidence sentence and the answer marked in it', async () => {
    await ask(QUESTION);
    const answer = page.locator('.ask-result .answer-text');
    assert.match((await answer.textContent()) ?? '', /최유진/);
    const evidence = page.locator('.ask-result .evidence blockquote');
    assert.equal(((await evidence.textContent()) ?? '').trim(), EVIDENCE);
    assert.deepEqual(await evidence.locator('mark').allTextContents(), ['최유진']);
    const sources = await page.locator('.ask-result ol.citations > li .citation').allTextContents();
    assert.ok(sources.length >= 2, `both 천문대 articles are cited: ${sources.join(' / ')}`);
    await screenshot(page, 'web-ask-answer');
  });

  it('the answer’s numbered citation opens the passage it came from, with the evidence marked', async () => {
    const answerText = (await page.locator('.ask-result .answer-text').textContent()) ?? '';
    const number = /\[(\d+)\]/.exec(answerText)?.[1];
    assert.ok(number !== undefined, `the answer cites a source: ${answerText}`);
    const marker = page
      .locator('.ask-result .answer-text')
      .getByRole('button', { name: `출처 ${number}: 별빛 천문대` });
    assert.equal(await marker.textContent(), `[${number}]`);
    await marker.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(WAIT);
    assert.equal(await dialog.getByRole('heading').first().textContent(), '별빛 천문대');
    await dialog.locator('mark.passage').first().waitFor(WAIT);
    assert.deepEqual(await dialog.locator('mark.passage').allTextContents(), [EVIDENCE]);
    await screenshot(page, 'web-ask-citation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });

    // The same source in the numbered list under the answer opens the same passage.
    const listed = page.locator('.ask-result ol.citations > li').nth(Number(number) - 1);
    assert.match((await listed.textContent()) ?? '', new RegExp(`\\[${number}\\]\\s*별빛 천문대`));
    await listed.getByRole('button').click();
    await dialog.waitFor(WAIT);
    assert.deepEqual(await dialog.locator('mark.passage').allTextContents(), [EVIDENCE]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });

    // The other 천문대 article opens at its own best sentence, not at the evidence of the answer.
    await page.locator('.ask-result ol.citations .citation', { hasText: '달빛 과학관' }).click();
    await dialog.getByRole('heading', { name: '달빛 과학관' }).waitFor(WAIT);
    assert.deepEqual(await dialog.locator('mark.passage').allTextContents(), [
      '과학관 옥상에는 작은 천문대가 있다.',
    ]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
  });

  it('a question the documents cannot answer gets the plain "no answer" message', async () => {
    await ask(UNANSWERABLE);
    const article = page.locator('.ask-result article');
    assert.equal(
      ((await article.locator('.answer-text').textContent()) ?? '').trim(),
      '문서에서 답을 찾지 못했어요.',
    );
    assert.equal(await article.locator('.evidence').count(), 0, 'no evidence sentence');
    assert.equal(await article.locator('mark').count(), 0, 'nothing marked as an answer');
    assert.equal(await article.locator('.answer-meta').count(), 0, 'no confidence for an answer not given');
    await screenshot(page, 'web-ask-no-answer');
  });
});
