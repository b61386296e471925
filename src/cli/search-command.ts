// `kachi search NAME "질문"`: ranked, highlighted hits for a terminal, or JSON with --json.
import { openFromFlags, parse } from './common.ts';
import type { Hit } from '../search-types.ts';

export async function searchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    limit: { type: 'string' },
    filter: { type: 'string' },
    sort: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    explain: { type: 'boolean' },
  });
  const [name, ...words] = positionals;
  if (!name) {
    console.error('usage: kachi search NAME "질문" [--limit 10] [--filter EXPR] [--sort field:asc] [--json]');
    return 2;
  }
  const engine = openFromFlags(values['db-path']);
  try {
    const tty = process.stdout.isTTY && !values.json;
    const response = engine.getIndex(name).search({
      q: words.join(' '),
      limit: Number(values.limit ?? 10),
      filter: values.filter ?? null,
      sort: values.sort ?? null,
      attributesToHighlight: ['*'],
      attributesToCrop: ['*'],
      cropLength: 30,
      highlightPreTag: tty ? '\x1b[1;33m' : '**',
      highlightPostTag: tty ? '\x1b[0m' : '**',
      showRankingScore: true,
      explain: values.explain ?? false,
    });
    if (values.json) {
      console.log(JSON.stringify(response, null, 2));
      return 0;
    }
    console.log(`${response.estimatedTotalHits ?? response.totalHits ?? 0} hits in ${response.processingTimeMs} ms`);
    response.hits.forEach((hit, i) => console.log(renderHit(hit, i + 1)));
    return 0;
  } finally {
    engine.close();
  }
}

function renderHit(hit: Hit, rank: number): string {
  const formatted = (hit._formatted ?? hit) as Record<string, unknown>;
  const lines = [`${rank}. score ${String(hit._rankingScore ?? '')}`];
  for (const [field, value] of Object.entries(formatted)) {
    if (field.startsWith('_')) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    lines.push(`   ${field}: ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`);
  }
  return lines.join('\n');
}
