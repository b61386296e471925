// Email delivery through the SMTP server of `--smtp-url`: one message per notification, written in Korean,
// listing each matched document's title and a highlighted snippet.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Json } from '../search-types.ts';
import type { AlertHit, AlertPayload } from './types.ts';

export interface MailerOptions {
  /** `smtp://user:pass@host:587`, `smtps://…` (nodemailer's URL form). */
  smtpUrl: string;
  /** The From header. Default `까치 알림 <kachi@localhost>`. */
  from?: string;
}

export interface Mailer {
  send(to: readonly string[], payload: AlertPayload, idempotencyKey: string): Promise<void>;
  close(): void;
}

/** Characters shown around the first highlighted word of a snippet. */
const SNIPPET_CONTEXT = 60;
const TITLE_FIELDS = ['title', 'name', 'subject', '제목'];

/**
 * `createMailer({ smtpUrl: 'smtp://127.0.0.1:2525' })`: a pooled transport (a few connections, reused; the URL's
 * own `pool` parameter wins), so the hundreds of deliveries in flight do not each open a connection.
 */
export function createMailer(options: MailerOptions): Mailer {
  const url = new URL(options.smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  const transport: Transporter = nodemailer.createTransport(url.href);
  const from = options.from ?? '까치 알림 <kachi@localhost>';
  return {
    async send(to, payload, idempotencyKey) {
      const message = composeMessage(payload);
      await transport.sendMail({
        from,
        to: [...to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        // The idempotency key doubles as the Message-ID, so a mail client can drop a duplicate after a retry.
        messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9.:_-]/g, '_')}@kachi.alerts>`,
      });
    },
    close: () => transport.close(),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The title of a hit: a title-like field, else its first short string. */
export function hitTitle(hit: AlertHit): string {
  for (const field of TITLE_FIELDS)
    if (typeof hit[field] === 'string' && hit[field] !== '') return hit[field] as string;
  const first = Object.entries(hit).find(([key, value]) => !key.startsWith('_') && typeof value === 'string');
  return typeof first?.[1] === 'string' ? first[1].slice(0, 80) : '(제목 없음)';
}

/** The first highlighted value of `_formatted`, cut around its first `<em>` (tags kept). */
export function hitSnippet(hit: AlertHit): string {
  const formatted = hit._formatted;
  const values: string[] = [];
  const collect = (value: Json | undefined): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(formatted);
  const text = values.find((value) => value.includes('<em>')) ?? '';
  const at = text.indexOf('<em>');
  if (at === -1) return '';
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + SNIPPET_CONTEXT * 2);
  // Never cut a tag in half: drop a partial tag at either end.
  const cut = text
    .slice(start, end)
    .replace(/^[^<]*?>/, '')
    .replace(/<[^>]*$/, '');
  return `${start > 0 ? '…' : ''}${cut}${end < text.length ? '…' : ''}`;
}

/**
 * Subject, text and HTML of one notification.
 * @example composeMessage(payload).subject // → "[까치 알림] 학교 소식: 새 문서 3건"
 */
export function composeMessage(payload: AlertPayload): { subject: string; text: string; html: string } {
  const { alert, hits, totalHits } = payload;
  const digest = payload.type === 'alert.digest';
  const subject = `[까치 알림] ${alert.name}: ${digest ? '모아 보기' : '새 문서'} ${totalHits}건`;
  const intro = digest
    ? `'${alert.name}' 알림에 지난 모아 보기 이후 맞는 문서가 ${totalHits}건 있습니다.`
    : `'${alert.name}' 알림에 맞는 새 문서가 ${totalHits}건 있습니다.`;
  const query = `검색어: ${alert.q === '' ? '(모든 문서)' : alert.q} · 색인: ${alert.indexUid}`;
  const more = totalHits > hits.length ? `그 밖에 ${totalHits - hits.length}건이 더 있습니다.` : '';
  const footer = `까치가 보낸 알림입니다. 그만 받으려면 알림 ${alert.uid}을(를) 지우세요.`;
  const textItems = hits.map((hit, i) => {
    const snippet = hitSnippet(hit)
      .replace(/<em>/g, '「')
      .replace(/<\/em>/g, '」');
    return `${i + 1}. ${hitTitle(hit)}${snippet === '' ? '' : `\n   ${snippet}`}`;
  });
  const text = [intro, query, '', ...textItems, ...(more === '' ? [] : ['', more]), '', footer].join('\n');
  const htmlItems = hits.map((hit) => {
    const snippet = escapeHtml(hitSnippet(hit))
      .replace(/&#60;em&#62;/g, '<b>')
      .replace(/&#60;\/em&#62;/g, '</b>');
    return `<li><strong>${escapeHtml(hitTitle(hit))}</strong>${snippet === '' ? '' : `<br>${snippet}`}</li>`;
  });
  const html =
    `<!doctype html><html lang="ko"><body><p>${escapeHtml(intro)}</p><p>${escapeHtml(query)}</p>` +
    `<ol>${htmlItems.join('')}</ol>${more === '' ? '' : `<p>${escapeHtml(more)}</p>`}<p><small>${escapeHtml(footer)}</small></p></body></html>`;
  return { subject, text, html };
}
