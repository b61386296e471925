// `kachi alerts add|list|rm`: the alerts of a running server, through its HTTP API (alerts fire in the server).
import { parseArgs } from 'node:util';
import { KachiError } from '../errors.ts';

const USAGE = `usage:
  kachi alerts add  INDEX --name NAME --q QUERY (--webhook URL [--secret S] | --email TO[,TO] | --sse)
                    [--filter EXPR] [--strategy all|last|frequency] [--digest SPEC] [--time-zone Asia/Seoul]
  kachi alerts list INDEX [--json]
  kachi alerts rm   INDEX ALERT_UID

--digest sends one message per schedule instead of one per write: "day 09:00", "week mon 09:00", "hour 30"
(minute), or a cron line "30 8 * * 1-5" (minute, hour and day of week). Every command takes --url (default
http://$KACHI_HTTP_ADDR or http://127.0.0.1:7700) and --api-key (default $KACHI_MASTER_KEY).`;

const OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  name: { type: 'string' },
  q: { type: 'string' },
  filter: { type: 'string' },
  strategy: { type: 'string' },
  webhook: { type: 'string' },
  secret: { type: 'string' },
  email: { type: 'string' },
  sse: { type: 'boolean' },
  digest: { type: 'string' },
  'time-zone': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** `"day 09:00"` → `{every: 'day', at: '09:00'}`; five fields → a cron schedule. */
export function parseDigest(spec: string, timeZone: string | undefined): Record<string, unknown> {
  const parts = spec.trim().split(/\s+/);
  const [kind, ...rest] = parts;
  const zone = timeZone === undefined ? {} : { timeZone };
  if (kind === 'day') return { every: 'day', ...(rest[0] ? { at: rest[0] } : {}), ...zone };
  if (kind === 'week') {
    const on = rest.find((part) => /^[a-z]{3}$/.test(part));
    const at = rest.find((part) => part.includes(':'));
    return { every: 'week', ...(on ? { on } : {}), ...(at ? { at } : {}), ...zone };
  }
  if (kind === 'hour') return { every: 'hour', ...(rest[0] ? { minute: Number(rest[0]) } : {}), ...zone };
  if (parts.length === 5) return { cron: parts.join(' '), ...zone };
  throw new KachiError(
    'invalid_alert_schedule',
    `--digest must be "day 09:00", "week mon 09:00", "hour 30" or a cron line, not "${spec}".`,
  );
}

function channelOf(values: Values): Record<string, unknown> {
  const chosen = [values.webhook !== undefined, values.email !== undefined, values.sse === true].filter(
    Boolean,
  ).length;
  if (chosen !== 1)
    throw new KachiError('missing_alert_channel', 'Choose one channel: --webhook URL, --email TO or --sse.');
  if (values.webhook !== undefined)
    return { type: 'webhook', url: values.webhook, ...(values.secret ? { secret: values.secret } : {}) };
  if (values.email !== undefined)
    return { type: 'email', to: values.email.split(',').map((to) => to.trim()) };
  return { type: 'sse' };
}

async function call(values: Values, method: string, path: string, body?: unknown): Promise<unknown> {
  const base = values.url ?? `http://${process.env.KACHI_HTTP_ADDR ?? '127.0.0.1:7700'}`;
  const key = values['api-key'] ?? process.env.KACHI_MASTER_KEY;
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, base), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text === '' ? null : (JSON.parse(text) as unknown);
  if (!response.ok) {
    const error = json as { message?: string; code?: string } | null;
    console.error(`kachi: ${error?.message ?? text} (${error?.code ?? response.status})`);
    return undefined;
  }
  return json;
}

interface AlertView {
  uid: string;
  name: string;
  q: string;
  filter: unknown;
  channel: { type: string; url?: string; secret?: string; to?: string[] };
  mode: string;
  nextDigestAt: string | null;
}

function describeChannel(channel: AlertView['channel']): string {
  if (channel.type === 'webhook') return `webhook ${channel.url}`;
  if (channel.type === 'email') return `email ${(channel.to ?? []).join(', ')}`;
  return 'sse';
}

export async function alertsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [action, index, uid] = positionals;
  if (values.help || action === undefined || index === undefined) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const path = `/indexes/${encodeURIComponent(index)}/alerts`;
  if (action === 'add') {
    if (values.name === undefined || values.q === undefined)
      throw new KachiError('missing_alert_name', 'kachi alerts add needs --name and --q.');
    const body: Record<string, unknown> = { name: values.name, q: values.q, channel: channelOf(values) };
    if (values.filter !== undefined) body.filter = values.filter;
    if (values.strategy !== undefined) body.matchingStrategy = values.strategy;
    if (values.digest !== undefined)
      Object.assign(body, { mode: 'digest', schedule: parseDigest(values.digest, values['time-zone']) });
    const alert = (await call(values, 'POST', path, body)) as AlertView | undefined;
    if (alert === undefined) return 1;
    if (values.json) console.log(JSON.stringify(alert, null, 2));
    else {
      console.log(
        `alert ${alert.uid} saved: '${alert.q}' on ${index}, ${describeChannel(alert.channel)}${alert.mode === 'digest' ? `, digest (next ${alert.nextDigestAt})` : ''}`,
      );
      if (alert.channel.secret) console.log(`webhook signing secret: ${alert.channel.secret}`);
    }
    return 0;
  }
  if (action === 'list') {
    const page = (await call(values, 'GET', `${path}?limit=1000`)) as { results: AlertView[] } | undefined;
    if (page === undefined) return 1;
    if (values.json) console.log(JSON.stringify(page.results, null, 2));
    else if (page.results.length === 0)
      console.log(`no alerts on ${index} yet: kachi alerts add ${index} --name … --q … --sse`);
    else
      console.table(
        page.results.map((a) => ({
          uid: a.uid,
          name: a.name,
          q: a.q,
          channel: describeChannel(a.channel),
          mode: a.mode,
          nextDigestAt: a.nextDigestAt ?? '',
        })),
      );
    return 0;
  }
  if (action === 'rm' && uid !== undefined) {
    const done = await call(values, 'DELETE', `${path}/${encodeURIComponent(uid)}`);
    if (done === undefined) return 1;
    console.log(`alert ${uid} deleted`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}
