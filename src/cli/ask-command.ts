// `kachi ask NAME "질문"`: the answer (streamed as it comes), the sentence it relies on, and the citations; JSON with --json.
import { streamAnswer } from '../answer/ask.ts';
import type { AskResponse } from '../answer/types.ts';
import { openFromFlags, parse } from './common.ts';

const USAGE = 'usage: kachi ask NAME "질문" [--limit 5] [--filter EXPR] [--json]';

export async function askCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    limit: { type: 'string' },
    filter: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [name, ...words] = positionals;
  const question = words.join(' ').trim();
  if (!name || question === '') {
    console.error(USAGE);
    return 2;
  }
  const engine = openFromFlags(values['db-path']);
  try {
    const request = {
      question,
      filter: values.filter ?? null,
      ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
    };
    let response: AskResponse | null = null;
    let streamed = false;
    for await (const event of streamAnswer(engine.getIndex(name), request)) {
      if (event.type === 'delta' && !values.json) {
        process.stdout.write(event.text);
        streamed = true;
      }
      if (event.type === 'done') response = event.response;
    }
    if (response === null) return 1;
    if (values.json) console.log(JSON.stringify(response, null, 2));
    else console.log(`${streamed ? '\n' : ''}${details(response, process.stdout.isTTY === true)}`);
    return 0;
  } finally {
    engine.close();
  }
}

function details(response: AskResponse, tty: boolean): string {
  const lines: string[] = [];
  if (response.note !== undefined) lines.push(`(${response.note})`);
  if (response.evidence !== null) {
    const evidence = tty
      ? response.evidence.highlighted.replace('<em>', '\x1b[1;33m').replace('</em>', '\x1b[0m')
      : response.evidence.highlighted.replace('<em>', '**').replace('</em>', '**');
    lines.push('', `근거: ${evidence}`);
  }
  lines.push(
    '',
    `${response.abstained ? '가까운 문서' : '출처'} (${response.mode}, 확신도 ${response.confidence.toFixed(2)}):`,
  );
  response.citations.forEach((c, i) =>
    lines.push(
      `  [${i + 1}] ${c.title} (${c.id}, ${c.score.toFixed(2)}) — ${c.snippet.length > 120 ? `${c.snippet.slice(0, 120)}…` : c.snippet}`,
    ),
  );
  return lines.join('\n');
}
