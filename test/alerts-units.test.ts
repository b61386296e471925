// The alerts' pure parts: digest schedules (time zones, cron), webhook signatures, the typo keys' superset property
// against a brute-force edit distance, email composition, and the server and CLI options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { AlertStore } from '../src/alerts/alert-store.ts';
import { deletionNeighbourhood, withinEdits } from '../src/alerts/edit-distance.ts';
import { composeMessage, hitSnippet } from '../src/alerts/email.ts';
import { nextFireTime } from '../src/alerts/schedule.ts';
import type { AlertPayload } from '../src/alerts/types.ts';
import { signWebhook, verifyWebhookSignature } from '../src/alerts/webhook.ts';
import { parseDigest } from '../src/cli/alerts.ts';
import { resolveServerOptions } from '../src/server/options.ts';

const at = (iso: string): number => Date.parse(iso);

describe('digest schedules', () => {
  const cases: Array<[string, Parameters<typeof nextFireTime>[0], string, string]> = [
    [
      'daily 09:00 in Seoul, before it',
      { every: 'day', at: '09:00' },
      '2026-03-02T23:30:00Z',
      '2026-03-03T00:00:00Z',
    ],
    [
      'daily 09:00 in Seoul, right at it → the next day',
      { every: 'day', at: '09:00' },
      '2026-03-03T00:00:00Z',
      '2026-03-04T00:00:00Z',
    ],
    [
      'daily 09:00 in Seoul, after it',
      { every: 'day', at: '09:00' },
      '2026-03-03T03:00:00Z',
      '2026-03-04T00:00:00Z',
    ],
    ['hourly at :30', { every: 'hour', minute: 30 }, '2026-03-03T03:31:00Z', '2026-03-03T04:30:00Z'],
    [
      'weekly on Monday (Seoul) from a Sunday',
      { every: 'week', on: 'mon', at: '08:00' },
      '2026-03-01T00:00:00Z',
      '2026-03-01T23:00:00Z',
    ],
    [
      'weekdays at 08:30 by cron, from a Friday evening',
      { cron: '30 8 * * 1-5' },
      '2026-03-06T12:00:00Z',
      '2026-03-08T23:30:00Z',
    ],
    ['every 15 minutes by cron', { cron: '*/15 * * * *' }, '2026-03-03T03:07:00Z', '2026-03-03T03:15:00Z'],
    [
      'New York across the spring DST change',
      { every: 'day', at: '09:00', timeZone: 'America/New_York' },
      '2026-03-08T12:00:00Z',
      '2026-03-08T13:00:00Z',
    ],
    [
      'New York before it',
      { every: 'day', at: '09:00', timeZone: 'America/New_York' },
      '2026-03-07T12:00:00Z',
      '2026-03-07T14:00:00Z',
    ],
  ];
  for (const [name, schedule, after, expected] of cases)
    it(name, () =>
      assert.equal(
        new Date(nextFireTime(schedule, at(after))).toISOString(),
        new Date(expected).toISOString(),
      ),
    );

  it('refuses schedules that cannot fire or cannot be read', () => {
    assert.throws(() => nextFireTime({ cron: '0 9 1 * *' }, 0), { code: 'invalid_alert_schedule' });
    assert.throws(() => nextFireTime({ every: 'day', at: '9am' }, 0), { code: 'invalid_alert_schedule' });
    assert.throws(() => nextFireTime({ every: 'day', timeZone: 'Nowhere/Town' }, 0), {
      code: 'invalid_alert_schedule',
    });
    assert.throws(() => nextFireTime({ cron: '61 * * * *' }, 0), { code: 'invalid_alert_schedule' });
  });
});

describe('webhook signatures', () => {
  const body = JSON.stringify({ hits: [{ title: '학교 소식' }] });
  const now = at('2026-03-03T00:00:00Z');
  it('verifies its own signature, and refuses a changed body, another secret or an old timestamp', () => {
    const header = signWebhook('secret-0123456789', now / 1000, body);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.ok(verifyWebhookSignature(header, body, 'secret-0123456789', { now }));
    assert.ok(!verifyWebhookSignature(header, `${body} `, 'secret-0123456789', { now }));
    assert.ok(!verifyWebhookSignature(header, body, 'another-secret-0123', { now }));
    assert.ok(
      !verifyWebhookSignature(header, body, 'secret-0123456789', { now: now + 301_000 }),
      'a replay five minutes later',
    );
    assert.ok(!verifyWebhookSignature(undefined, body, 'secret-0123456789', { now }));
  });
});

/** Optimal string alignment distance (Levenshtein plus swapping neighbours), the distance of the jamo index. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

describe('typo keys', () => {
  it('share a deletion-neighbourhood key whenever two strings are within k edits (swaps included)', () => {
    const jamo = fc.string({
      unit: fc.constantFrom('ㄱ', 'ㅓ', 'ㅁ', 'ㅅ', 'ㅐ', 'ㅏ'),
      minLength: 1,
      maxLength: 9,
    });
    fc.assert(
      fc.property(jamo, jamo, fc.constantFrom(1, 2), (a, b, k) => {
        if (osa(a, b) > k) return;
        const mine = deletionNeighbourhood(a, k);
        assert.ok(
          [...deletionNeighbourhood(b, k)].some((s) => mine.has(s)),
          `${a} ~ ${b} within ${k}`,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('check the distance exactly, as the jamo index counts it', () => {
    const jamo = fc.string({
      unit: fc.constantFrom('ㄱ', 'ㅓ', 'ㅁ', 'ㅅ', 'ㅐ'),
      minLength: 0,
      maxLength: 8,
    });
    fc.assert(
      fc.property(jamo, jamo, fc.constantFrom(0, 1, 2), (a, b, k) =>
        assert.equal(withinEdits(a, b, k), osa(a, b) <= k, `${a} ~ ${b} within ${k}`),
      ),
      { numRuns: 3000 },
    );
  });
});

describe('email', () => {
  const payload: AlertPayload = {
    type: 'alert.matched',
    id: 'a:task-1:0',
    alert: { uid: 'a', name: '학교 소식', indexUid: 'news', q: '학교', filter: null, mode: 'instant' },
    taskUid: 1,
    createdAt: '2026-03-03T00:00:00.000Z',
    hits: [
      {
        id: 1,
        title: '학교 <급식>',
        _formatted: { title: '<em>학교</em> &lt;급식&gt;', body: `${'가'.repeat(100)}<em>학교</em> 끝` },
      },
    ],
    totalHits: 1,
  };
  it('is written in Korean, with titles and snippets, and HTML escaped', () => {
    const message = composeMessage(payload);
    assert.equal(message.subject, '[까치 알림] 학교 소식: 새 문서 1건');
    assert.match(message.text, /1\. 학교 <급식>/);
    assert.match(message.html, /<strong>학교 &#60;급식&#62;<\/strong>/);
    assert.match(message.html, /<b>학교<\/b>/);
    assert.match(hitSnippet(payload.hits[0]!), /^<em>학교<\/em>/, 'the first highlighted value');
  });
});

describe('options', () => {
  it('reads the alert flags and variables', () => {
    const options = resolveServerOptions(
      [
        '--smtp-url',
        'smtp://127.0.0.1:2525',
        '--alerts-allow-private-webhooks',
        '--alerts-retry-delay',
        '250ms',
        '--alerts-max-attempts=5',
      ],
      { KACHI_SMTP_FROM: '까치 <k@example.com>', KACHI_ALERTS_SSE_BUFFER: '64KiB' },
    );
    assert.equal(options.smtpUrl, 'smtp://127.0.0.1:2525');
    assert.equal(options.smtpFrom, '까치 <k@example.com>');
    assert.equal(options.alertsAllowPrivateWebhooks, true);
    assert.equal(options.alertsRetryDelay, 250);
    assert.equal(options.alertsMaxAttempts, 5);
    assert.equal(options.alertsSseBuffer, 65536);
    assert.throws(() => resolveServerOptions(['--alerts-retry-delay', 'soon']), { code: 'bad_request' });
    assert.throws(() => resolveServerOptions(['--alerts-max-attempts', '0']), { code: 'bad_request' });
  });

  it('reads kachi alerts --digest', () => {
    assert.deepEqual(parseDigest('day 09:00', undefined), { every: 'day', at: '09:00' });
    assert.deepEqual(parseDigest('week fri 17:30', 'Asia/Seoul'), {
      every: 'week',
      on: 'fri',
      at: '17:30',
      timeZone: 'Asia/Seoul',
    });
    assert.deepEqual(parseDigest('hour 15', undefined), { every: 'hour', minute: 15 });
    assert.deepEqual(parseDigest('30 8 * * 1-5', undefined), { cron: '30 8 * * 1-5' });
    assert.throws(() => parseDigest('sometimes', undefined), { code: 'invalid_alert_schedule' });
  });
});

describe('outbox storage', () => {
  it('moves payloads out of an outbox created before they were kept apart, losing none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kachi-outbox-'));
    try {
      const db = new Database(join(dir, 'server.db'));
      // The outbox as sessions before the split created it: the payload a column of each row.
      db.exec(`CREATE TABLE alert_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT, alert_uid TEXT NOT NULL, index_uid TEXT NOT NULL, channel TEXT NOT NULL,
        payload TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_error TEXT,
        created_at INTEGER NOT NULL, finished_at INTEGER)`);
      const insert = db.prepare(
        `INSERT INTO alert_outbox (alert_uid, index_uid, channel, payload, idempotency_key, status, next_attempt_at, created_at)
         VALUES ('a1', 'news', 'webhook', ?, ?, ?, 5, 5)`,
      );
      insert.run(JSON.stringify({ id: 'a1:task-1:0', hits: [{ title: '서울 날씨' }] }), 'a1:task-1:0', 'pending');
      insert.run(JSON.stringify({ id: 'a1:task-2:0', hits: [{ title: '부산 항구' }] }), 'a1:task-2:0', 'delivered');
      const store = new AlertStore(db);
      const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('alert_outbox');
      assert.ok(!columns.includes('payload'));
      const [pending] = store.due(10, 10, new Set());
      assert.equal(pending?.idempotencyKey, 'a1:task-1:0');
      assert.equal((pending?.payload.hits[0] as { title: string }).title, '서울 날씨');
      const delivered = store.entries('a1', 'delivered', 0, 10).results;
      assert.equal((delivered[0]?.payload.hits[0] as { title: string }).title, '부산 항구');
      // A new notification goes to both tables; deleting the alert's rows takes their payloads along.
      const added = store.addOutbox(
        {
          alertUid: 'a1',
          indexUid: 'news',
          channel: 'webhook',
          payload: { id: 'a1:task-3:0', hits: [] } as unknown as AlertPayload,
        },
        20,
      );
      assert.equal(added?.status, 'pending');
      assert.equal(store.addOutbox({ alertUid: 'a1', indexUid: 'news', channel: 'webhook', payload: added!.payload }, 21), null);
      store.delete('a1');
      assert.equal(db.prepare('SELECT count(*) FROM alert_outbox_payloads').pluck().get(), 0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
