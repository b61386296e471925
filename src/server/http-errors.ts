// The one error → HTTP table: KachiErrors keep their catalogue status, framework errors map to Meilisearch codes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KachiError, isKachiError, toErrorBody, type ErrorCode } from '../errors.ts';

interface FrameworkError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Fastify's own error codes → Meilisearch's. Anything else a 4xx from the framework is `bad_request`. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'invalid_content_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'missing_payload',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_payload',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

/** Turns anything thrown into a KachiError; unknown failures become `internal` (and are logged by the caller). */
export function toKachiError(error: unknown, payloadLimit: number): KachiError {
  if (isKachiError(error)) return error;
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  const code = framework.code === undefined ? undefined : FRAMEWORK_CODES[framework.code];
  if (code === 'payload_too_large')
    return new KachiError(
      code,
      `The provided payload reached the size limit. The maximum accepted payload size is ${formatBytes(payloadLimit)}.`,
    );
  if (code !== undefined) return new KachiError(code, framework.message ?? code);
  if (framework.statusCode !== undefined && framework.statusCode >= 400 && framework.statusCode < 500)
    return new KachiError('bad_request', framework.message ?? 'Bad request.');
  const message = error instanceof Error ? error.message : String(error);
  return new KachiError('internal', `An internal error has occurred. \`${message}\`.`, { cause: error });
}

/** Sends `{message, code, type, link}` with the catalogue's status. */
export function sendError(reply: FastifyReply, error: KachiError): FastifyReply {
  return reply.code(error.status).type('application/json').send(toErrorBody(error));
}

/** Fastify error handler: every failure leaves as a Meilisearch error body. */
export function handleError(payloadLimit: number, logInternal: (error: unknown, request: FastifyRequest) => void) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const kachi = contentTypeError(error, request) ?? toKachiError(error, payloadLimit);
    if (kachi.status >= 500) logInternal(error, request);
    return sendError(reply, kachi);
  };
}

/** A content type no parser took (fastify refuses an empty one before any route runs): Meilisearch's wording. */
function contentTypeError(error: unknown, request: FastifyRequest): KachiError | undefined {
  if ((error as FrameworkError | null)?.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return undefined;
  const type = request.headers['content-type']?.trim() ?? '';
  const accepted = 'Accepted values for the Content-Type header are: `application/json`';
  if (type === '') return new KachiError('missing_content_type', `A Content-Type header is missing. ${accepted}`);
  return new KachiError('invalid_content_type', `The Content-Type \`${type}\` is invalid. ${accepted}`);
}

/** Unknown routes: a 404 in the same shape. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url;
  return sendError(reply, new KachiError('not_found', `Resource \`${path}\` not found.`));
}

/** 100000000 → "100.00 MB" (decimal units, as Meilisearch prints them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(2)} ${units[unit]}`;
}
