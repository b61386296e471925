// Compressed request bodies (`Content-Encoding: gzip | deflate | br`), as Meilisearch accepts them.
import { PassThrough, pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { KachiError } from '../errors.ts';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

type CountedStream = PassThrough & { receivedEncodedLength: number };

/**
 * A `preParsing` hook that returns the decompressed stream. The body limit applies to the decompressed
 * bytes (decompression stops just past it, so a small bomb cannot fill memory), and a corrupt stream
 * is a 400 `malformed_payload`.
 */
export function contentEncodingHook(limit: number) {
  return async (request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> => decode(request, payload, limit);
}

function decode(request: FastifyRequest, payload: Readable, limit: number): Readable {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return payload;
  const make = DECODERS[encoding];
  if (make === undefined)
    throw new KachiError('invalid_encoding', `The Content-Encoding \`${encoding}\` is not supported. Use gzip, deflate, br or identity.`);
  const out = new PassThrough() as CountedStream;
  // Fastify compares Content-Length with the bytes received on the wire, not the decompressed ones.
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (out.receivedEncodedLength += chunk.length));
  const decoder = make();
  let decoded = 0;
  // Not `pipeline(…, out)`: that would destroy `out` with zlib's own error before ours could say what happened.
  // Fastify stops listening once it has answered; a late error must not go unhandled.
  out.on('error', () => undefined);
  pipeline(payload, decoder, (error) => {
    if (error && decoded <= limit) out.destroy(new KachiError('malformed_payload', `The payload could not be decompressed (${encoding}): ${error.message}.`));
  });
  decoder.on('data', (chunk: Buffer) => {
    decoded += chunk.length;
    out.write(chunk);
    if (decoded > limit) {
      // Fastify has seen enough to answer 413; stop inflating.
      payload.unpipe(decoder);
      decoder.destroy();
      out.end();
    }
  });
  decoder.on('end', () => out.end());
  return out;
}
