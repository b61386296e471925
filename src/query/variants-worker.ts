// The variants thread: builds an index's typo, chosung and jamo-prefix side indexes (TermVariants) from its
// segments' term lists, off the serving thread; see variants-builder.ts.
import { workerData, type MessagePort } from 'node:worker_threads';
import { runAsBackgroundThread } from '../background-priority.ts';
import { TermVariants } from './variants.ts';

export interface VariantsRequest {
  id: number;
  /** Each segment's terms: UTF-8, concatenated; term i is `termBytes[termOffsets[i]..termOffsets[i + 1]]`. */
  segments: Array<{ termBytes: Uint8Array; termOffsets: Uint32Array }>;
}

export interface VariantsAnswer {
  id: number;
  /** `TermVariants.toBytes()` of the built side indexes. */
  bytes?: Uint8Array;
  error?: string;
}

const { port } = workerData as { port: MessagePort };
runAsBackgroundThread();
const decoder = new TextDecoder();

function* termsOf(segments: VariantsRequest['segments']): Generator<string> {
  for (const { termBytes, termOffsets } of segments)
    for (let i = 0; i + 1 < termOffsets.length; i++) yield decoder.decode(termBytes.subarray(termOffsets[i]!, termOffsets[i + 1]!));
}

port.on('message', (request: VariantsRequest) => {
  try {
    const bytes = TermVariants.fromTerms(termsOf(request.segments)).toBytes();
    const copy = new Uint8Array(bytes); // a Buffer may sit in a shared pool: transfer a buffer of its own
    port.postMessage({ id: request.id, bytes: copy } satisfies VariantsAnswer, [copy.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies VariantsAnswer);
  }
});
