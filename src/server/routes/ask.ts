// POST /indexes/:uid/ask: the AI friend. JSON by default; server-sent events with `stream: true`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { answerQuestion, checkAskRequest, streamAnswer } from '../../answer/ask.ts';
import type { AskEvent, AskRequest } from '../../answer/types.ts';
import { isKachiError, toErrorBody } from '../../errors.ts';
import { readJsonBody } from '../body.ts';
import { indexUidParam, requireIndex } from '../route-helpers.ts';
import { mergeFilters, ruleFilterFor } from '../search/run-search.ts';
import { readFilter } from '../search/search-params.ts';
import { expectObject, readBoolean, readCount, readString, rejectUnknownFields } from '../validate.ts';

const ASK_FIELDS = ['question', 'filter', 'limit', 'stream'];

function readAskBody(body: unknown): { ask: AskRequest; stream: boolean } {
  const object = expectObject(body ?? {});
  rejectUnknownFields(object, ASK_FIELDS);
  const ask: AskRequest = { question: readString(object.question, 'bad_request', '.question') ?? '' };
  const filter = readFilter(object.filter, 'invalid_search_filter', '.filter');
  if (filter !== undefined) ask.filter = filter;
  const limit = readCount(object.limit, 'invalid_search_limit', '.limit');
  if (limit !== undefined) ask.limit = limit;
  return { ask: checkAskRequest(ask), stream: readBoolean(object.stream, 'bad_request', '.stream') ?? false };
}

/** One server-sent event: `event: delta` / `data: {"text":"…"}`. */
function sse(event: AskEvent): string {
  const { type, ...data } = event;
  const payload = type === 'done' ? event.response : data;
  return `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

async function sendStream(
  reply: FastifyReply,
  events: AsyncGenerator<AskEvent>,
  abort: AbortController,
): Promise<void> {
  // The first step retrieves and extracts; a bad filter fails here and still gets a JSON error with its status.
  const first = await events.next();
  reply.hijack();
  const raw = reply.raw;
  raw.on('close', () => abort.abort());
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  try {
    if (!first.done) raw.write(sse(first.value));
    for await (const event of events) raw.write(sse(event));
  } catch (error) {
    const body = isKachiError(error)
      ? toErrorBody(error)
      : { code: 'internal', message: `An internal error has occurred. \`${String(error)}\`.` };
    raw.write(sse({ type: 'error', code: body.code, message: body.message }));
  } finally {
    raw.end();
  }
}

export function registerAskRoutes(app: FastifyInstance): void {
  app.post('/indexes/:indexUid/ask', { config: { action: 'search' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    const { ask, stream } = readAskBody(readJsonBody(request));
    const index = requireIndex(request.ctx, uid);
    // A tenant token's rules bound answers exactly as they bound search.
    const rule = ruleFilterFor(request.auth, uid);
    if (rule !== null) ask.filter = mergeFilters(ask.filter, rule) ?? null;
    const abort = new AbortController();
    if (!stream) return answerQuestion(index, ask, { signal: abort.signal });
    await sendStream(reply, streamAnswer(index, ask, { signal: abort.signal }), abort);
    return reply;
  });
}
