// JSON document bodies are checked on upload without being decoded (body.ts readJsonDocuments): the answers must be
// those the decoded text gives, for Korean, a BOM, characters that look like controls once viewed as Latin-1, and
// malformed bodies (whose message is the decoded text's own).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.ts';

let t: TestServer;

before(async () => {
  t = await startTestServer();
  await t.client.createIndex('docs', { primaryKey: 'id' }).waitTask();
});

after(async () => {
  await t?.close();
});

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function upload(body: string | Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await t.request('POST', '/indexes/docs/documents', { body });
  return { status: response.status, body: response.body as Record<string, unknown> };
}

async function uploadAndWait(body: string | Buffer): Promise<Record<string, unknown>> {
  const answer = await upload(body);
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  return (await t.client.tasks.waitForTask(answer.body.taskUid as number)) as unknown as Record<string, unknown>;
}

describe('JSON document bodies', () => {
  it('stores Korean documents as sent, with a BOM or without, one object or an array', async () => {
    // U+0085 and U+00A0 are bytes C2 85 and C2 A0: a Latin-1 view sees controls and spaces inside the string.
    const documents = [
      { id: 'a', title: '까치가 학교에 갔다', note: 'mixed 한글 English 123' },
      { id: 'b', title: '줄\u0085바꿈\u00a0공백 \u2028 \ud55c', tags: ['검색', 'ㄱㅅ'] },
    ];
    const array = await uploadAndWait(Buffer.concat([BOM, Buffer.from(JSON.stringify(documents))]));
    assert.equal(array.status, 'succeeded', JSON.stringify(array));
    assert.equal((array.details as { receivedDocuments: number }).receivedDocuments, 2);
    const single = await uploadAndWait(Buffer.concat([BOM, Buffer.from(JSON.stringify({ id: 'c', title: '하나뿐인 문서' }))]));
    assert.equal(single.status, 'succeeded', JSON.stringify(single));
    assert.equal((single.details as { receivedDocuments: number }).receivedDocuments, 1);
    for (const expected of [...documents, { id: 'c', title: '하나뿐인 문서' }])
      assert.deepEqual(await t.client.index('docs').getDocument(expected.id), expected);
  });

  it('gives the decoded text’s parse error for malformed Korean JSON', async () => {
    const text = '[{"id": "d", "title": "학교에 갔다"}, {"id": "e", "title": 학교}]';
    let expected = '';
    try {
      JSON.parse(text);
    } catch (error) {
      expected = (error as Error).message;
    }
    const answer = await upload(text);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, 'malformed_payload');
    // The position in the message counts characters of the text, not bytes of the body.
    assert.equal(answer.body.message, `The \`json\` payload provided is malformed. \`${expected}\`.`);
  });

  it('rejects invalid UTF-8 inside a string, and values that are not documents', async () => {
    const invalid = Buffer.concat([Buffer.from('[{"id": "f", "title": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}]')]);
    const bad = await upload(invalid);
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /UTF-8/);
    for (const body of ['["학교"]', '"학교"', '[{"id": "g"}, ["학교"]]', '12']) {
      const answer = await upload(body);
      assert.equal(answer.status, 400, body);
      assert.equal(answer.body.code, 'malformed_payload', body);
      assert.match(String(answer.body.message), /neither an object nor a list of objects/, body);
    }
  });
});
