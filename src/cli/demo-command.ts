// `kachi demo`: loads the sample index (Kachi's Korean user guide) into a running server, or else into the data folder.
import { loadDemoIntoEngine, loadDemoOverHttp, type DemoLoadResult } from '../demo/load-demo.ts';
import { openFromFlags, parse, resolveDbPath } from './common.ts';

const USAGE = `usage: kachi demo [--url http://127.0.0.1:7700] [--api-key KEY] [--db-path DIR]

Loads the sample index 'kachi-guide'. With --url, or when a server answers at KACHI_HTTP_ADDR
(default 127.0.0.1:7700), it goes through that server's API (key: --api-key or KACHI_MASTER_KEY);
otherwise it is written straight into the data folder.`;

/** True when a Kachi (or Meilisearch) server answers `/health` at `url` within half a second. */
async function serverAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(500) });
    return response.ok && ((await response.json()) as { status?: string }).status === 'available';
  } catch {
    return false; // nothing listening: load into the data folder instead
  }
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    url: { type: 'string' },
    'api-key': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help || positionals.length > 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const url = values.url ?? `http://${process.env.KACHI_HTTP_ADDR ?? '127.0.0.1:7700'}`;
  let result: DemoLoadResult;
  let where: string;
  if (values.url !== undefined || (await serverAnswers(url))) {
    result = await loadDemoOverHttp({ url, apiKey: values['api-key'] ?? process.env.KACHI_MASTER_KEY });
    where = `the server at ${url}`;
  } else {
    const engine = openFromFlags(values['db-path']);
    try {
      result = loadDemoIntoEngine(engine);
    } finally {
      engine.close();
    }
    where = resolveDbPath(values['db-path']);
  }
  console.log(
    `loaded ${result.documents} documents of Kachi's user guide into '${result.indexUid}' (${where})`,
  );
  console.log(`try: kachi search ${result.indexUid} ㄱㅅㅇㅈ   or open the web UI and type rjator`);
  return 0;
}
